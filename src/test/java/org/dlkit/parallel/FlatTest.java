package org.dlkit.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlkit.nn.Parameter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class FlatTest {
    @BeforeAll
    static void float32() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    @Test
    void valuesAreTheParametersOneAfterTheOtherInRowMajorOrder() {
        var net = Toy.network(1);
        float[] v = Flat.values(net);
        assertEquals(6 * 16 + 16 + 16 * 3 + 3, v.length);
        assertEquals(v.length, Flat.length(net));
        int at = 0;
        for (Parameter p : net.params()) {
            float[] own = p.value().dup('c').data().asFloat();
            for (int i = 0; i < own.length; i++)
                assertEquals(own[i], v[at + i], p.name() + "[" + i + "]");
            at += own.length;
        }
    }

    @Test
    void setValuesPutsAVectorBackAndAnotherNetworkThenComputesTheSame() {
        var a = Toy.network(1);
        var b = Toy.network(99);
        var x = Toy.data(5, 3).x();
        assertFalse(a.predict(x).equalsWithEps(b.predict(x), 1e-4));
        Flat.setValues(b, Flat.values(a));
        assertArrayEquals(Flat.values(a), Flat.values(b));
        assertTrue(a.predict(x).equalsWithEps(b.predict(x), 1e-6));
    }

    @Test
    void gradsRoundTrip() {
        var net = Toy.network(1);
        float[] g = new float[Flat.length(net)];
        for (int i = 0; i < g.length; i++) g[i] = i * 0.5f;
        Flat.setGrads(net, g);
        assertArrayEquals(g, Flat.grads(net));
        assertEquals(0.5f, net.params().get(0).grad().getFloat(0, 1));
    }

    @Test
    void aVectorOfTheWrongLengthIsRefusedByName() {
        var net = Toy.network(1);
        var e =
                assertThrows(
                        IllegalArgumentException.class, () -> Flat.setValues(net, new float[10]));
        assertTrue(
                e.getMessage().contains("10 numbers") && e.getMessage().contains("163 parameters"),
                e.getMessage());
    }
}
