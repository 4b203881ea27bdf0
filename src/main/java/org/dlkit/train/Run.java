package org.dlkit.train;

import java.util.ArrayList;
import java.util.List;
import org.dlkit.data.DataSet;
import org.dlkit.nn.Loss;
import org.dlkit.nn.Network;
import org.dlkit.nn.Parameter;

/**
 * One call of {@link Trainer#fit} as the guards that watch it see it: what is trained, on what, the
 * history being written, and two ways to act — a warning, and a request to stop after the epoch.
 */
final class Run {
    final Network net;
    final List<Parameter> params;
    final Loss loss;
    final Optimizer optimizer;
    final DataSet train;
    final DataSet validation;
    final TrainConfig config;
    final History history;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private boolean stopped;

    Run(
            Network net,
            Loss loss,
            Optimizer optimizer,
            DataSet train,
            DataSet validation,
            TrainConfig config,
            History history) {
        this.net = net;
        this.params = net.params();
        this.loss = loss;
        this.optimizer = optimizer;
        this.train = train;
        this.validation = validation;
        this.config = config;
        this.history = history;
    }

    /** The guards of every fit, first in line: they act before a live figure sees a batch. */
    List<TrainingListener> guards() {
        var guards = new ArrayList<TrainingListener>();
        guards.add(new Rollback(this));
        guards.add(new HealthChecks(this));
        if (config.patience() > 0 && validation != null) guards.add(new EarlyStopping(this));
        return guards;
    }

    /** Everyone told about this fit, guards included; filled by the trainer. */
    List<TrainingListener> listeners() {
        return listeners;
    }

    /** A warning in the history and to every listener, once per run. */
    void warn(String warning) {
        if (history.warn(warning)) listeners.forEach(l -> l.warning(warning));
    }

    /** Ends the fit after the current epoch. */
    void stop(String why) {
        history.note(why);
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }
}
