package org.dlkit.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one of ND4J's native operations (conv2d, maxpool2d and their backward "_bp" forms) by name.
 * These are the fast paths of the convolution and pooling layers: ND4J hands them to oneDNN on a
 * CPU and to cuDNN on a GPU, so the layers run unchanged on either backend.
 */
final class CustomOps {
    private CustomOps() {}

    /**
     * Executes op on the inputs with the integer (and optional real) arguments, into the given
     * outputs.
     */
    static void run(
            String op, INDArray[] inputs, int[] intArgs, double[] realArgs, INDArray... outputs) {
        var b =
                DynamicCustomOp.builder(op)
                        .addInputs(inputs)
                        .addIntegerArguments(intArgs)
                        .addOutputs(outputs);
        if (realArgs.length > 0) b.addFloatingPointArguments(box(realArgs));
        Nd4j.exec(b.build());
    }

    private static Double[] box(double[] v) {
        var out = new Double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
