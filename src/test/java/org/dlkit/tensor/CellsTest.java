package org.dlkit.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class CellsTest {

    @Test
    void aStretchComesOutAndGoesBackInPlaceAlsoInAViewOfRows() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray whole = Nd4j.arange(0, 24).castTo(type).reshape('c', 4, 6);
            INDArray rows = whole.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()); // 6 … 17
            Cells cells = Cells.of(rows);
            assertNotNull(cells, type + " rows are one stretch");
            double[] got = new double[4];
            cells.read(2, got, 4);
            assertArrayEquals(new double[] {8, 9, 10, 11}, got, 0, type.toString());
            cells.write(5, new double[] {-1, 0.1}, 2);
            assertEquals(-1, whole.getDouble(1, 5), 0, "written into the array itself");
            assertEquals(
                    type == DataType.FLOAT ? 0.1f : 0.1,
                    whole.getDouble(2, 0),
                    0,
                    "rounded to the type");
            assertEquals(13, whole.getDouble(2, 1), 0, "nothing past the stretch");
        }
    }

    @Test
    void arraysJavaCannotReadInPlaceHaveNoCells() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 3, 4);
        assertNull(Cells.of(m.transpose()), "columns are not one stretch");
        assertNull(
                Cells.of(m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3))), "a column slice");
        assertNull(Cells.of(m.castTo(DataType.INT)), "integers");
        assertNull(Cells.of(m.castTo(DataType.HALF)), "float16");
        assertNull(Cells.of(Nd4j.create(DataType.FLOAT, 0)), "an empty array");
        assertNotNull(Cells.of(m.transpose().dup('c')), "a copy row by row");
    }

    @Test
    void swappingTheFirstTwoAxesIsNd4jsPermutedCopy() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(t, 3, 4, 5, 6);
            INDArray expected = a.permute(1, 0, 2, 3).dup('c');
            INDArray swapped = Cells.swapFirstTwoAxes(a);
            assertArrayEquals(new long[] {4, 3, 5, 6}, swapped.shape());
            assertEquals(expected, swapped, t.toString());
            assertEquals('c', swapped.ordering());
            // a view that is not one block (every other example): ND4J's copy, the same result
            INDArray view =
                    a.get(
                            NDArrayIndex.interval(0, 2, 3),
                            NDArrayIndex.all(),
                            NDArrayIndex.all(),
                            NDArrayIndex.all());
            assertEquals(view.permute(1, 0, 2, 3).dup('c'), Cells.swapFirstTwoAxes(view));
        }
    }
}
