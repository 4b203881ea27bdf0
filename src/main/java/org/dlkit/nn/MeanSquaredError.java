package org.dlkit.nn;

import org.dlkit.tensor.Shapes;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L = (1/N) Σ_n ½ Σ_m (y_nm − t_nm)², the regression loss; the ½ makes its gradient plain: ∂L/∂y =
 * (y − t) / N. Y and T (N, M).
 */
public final class MeanSquaredError implements Loss {
    private INDArray diff;

    @Override
    public String name() {
        return "mean squared error";
    }

    @Override
    public double forward(INDArray y, INDArray t) {
        Shapes.require(
                "MeanSquaredError.forward",
                "targets",
                t,
                y.shape(),
                "targets must have the scores' shape");
        diff = y.sub(t);
        return 0.5 * diff.mul(diff).sumNumber().doubleValue() / y.size(0);
    }

    @Override
    public INDArray backward() {
        INDArray d = Require.cached(diff, this);
        return d.div(d.size(0));
    }

    @Override
    public String toString() {
        return "MeanSquaredError";
    }

    @Override
    public Loss replica() {
        return new MeanSquaredError();
    }
}
