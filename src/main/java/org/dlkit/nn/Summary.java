package org.dlkit.nn;

import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Network.summary: a Keras-style table of layers, output shapes and parameter counts. */
final class Summary {
    private Summary() {}

    static Table of(Network net, long[] inputShape) {
        var layer = StringColumn.create("layer");
        var type = StringColumn.create("type");
        var shape = StringColumn.create("output shape");
        var params = LongColumn.create("parameters");
        long[] s = inputShape;
        long total = 0;
        for (Layer l : net.layers()) {
            s = l.outputShape(s);
            long n = l.params().stream().mapToLong(Parameter::size).sum();
            total += n;
            layer.append(l.name());
            type.append(l.getClass().getSimpleName());
            shape.append(Network.dims(s));
            params.append(n);
        }
        layer.append("total");
        type.append("");
        shape.append("");
        params.append(total);
        return Table.create(
                net.name() + " (input " + Network.dims(inputShape) + ")",
                layer,
                type,
                shape,
                params);
    }
}
