package org.dlkit.train;

import java.util.ArrayList;
import java.util.List;
import org.dlkit.nn.Parameter;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies of every parameter's value, in buffers allocated once. */
final class Snapshot {
    final List<INDArray> values = new ArrayList<>();

    Snapshot(List<Parameter> params) {
        for (Parameter p : params) values.add(p.value().dup());
    }

    void take(List<Parameter> params) {
        for (int i = 0; i < params.size(); i++) values.get(i).assign(params.get(i).value());
    }

    void restore(List<Parameter> params) {
        for (int i = 0; i < params.size(); i++) params.get(i).value().assign(values.get(i));
    }
}
