package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class NestedTest {

    @Test
    void rank4And3And2KeepEveryValueInPlaceAndGoBack() {
        var x = Nd4j.arange(2 * 3 * 4 * 5).castTo(DataType.FLOAT).reshape('c', 2, 3, 4, 5);
        double[][][][] a = Nested.rank4(x);
        assertEquals(x.getDouble(1, 2, 3, 4), a[1][2][3][4]);
        assertEquals(x.getDouble(0, 1, 2, 3), a[0][1][2][3]);
        assertEquals(x.castTo(DataType.DOUBLE), Nd4j.createFromArray(a), "and back again");
        // a view in another order: the values, not the buffer
        var view = x.permute(0, 1, 3, 2).get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        assertEquals(view.getDouble(1, 0, 4, 2), Nested.rank4(view)[1][0][4][2]);
        double[][][] s = Nested.rank3(x.reshape(6, 4, 5));
        assertEquals(x.getDouble(1, 0, 3, 4), s[3][3][4]);
        assertArrayEquals(new double[] {5, 6, 7, 8, 9}, Nested.rank2(x.reshape(24, 5))[1]);
    }

    @Test
    void aWrongRankIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Nested.rank4(Nd4j.zeros(2, 3)));
        assertEquals("Nested.rank4: x expected [N, ?, ?, ?] but got [2, 3]", e.getMessage());
    }
}
