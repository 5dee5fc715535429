package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.ProfileDrift;
import io.tablecast.forecasting.model.Transform;

import java.util.List;

import static io.tablecast.forecasting.HourlyForecaster.HORIZON;

/**
 * The chosen candidate with its {@link ProfileDrift} added to every forecast, where the drift earned its place: learnt
 * on the origins whose forecast weeks ended before the last {@value #CHECK_ORIGINS} origins, it must lower the
 * absolute error (original units) from those. Otherwise the candidate stays as it was: a drift fitted to noise
 * makes forecasts worse, and on the sparse counts (no shape to drift) the check never kept one.
 */
final class DriftCorrectedCandidate implements Candidate {
    /** The last week of origins, as the STL share is chosen on. */
    static final int CHECK_ORIGINS = 7;
    /** Origins learnt from before the check: at least a week's. */
    private static final int MIN_LEARNING_ORIGINS = 7;

    private final Candidate fitted;
    private final ProfileDrift drift;
    private final long firstHour;

    private DriftCorrectedCandidate(Candidate fitted, ProfileDrift drift, long firstHour) {
        this.fitted = fitted;
        this.drift = drift;
        this.firstHour = firstHour;
    }

    /**
     * The fitted (and refined) candidate, drift-corrected if that helped on the last origins.
     *
     * @param errors the candidate's {@link Candidate#workingErrors} at the origins, as its bound is calibrated on
     */
    static Candidate correctIfBetter(Candidate fitted, double[][] errors, double[] history, long firstHour,
                                     List<Integer> origins) {
        int learnUntil = origins.size() - CHECK_ORIGINS - HORIZON / HourlyForecaster.DAY;
        if (learnUntil < MIN_LEARNING_ORIGINS) {
            return fitted;
        }
        DriftCorrectedCandidate trial = new DriftCorrectedCandidate(fitted,
                ProfileDrift.fromErrors(errors, firstHour, origins, 0, learnUntil), firstHour);
        double without = 0;
        double with = 0;
        for (int i = origins.size() - CHECK_ORIGINS; i < origins.size(); i++) {
            int o = origins.get(i);
            without += Candidate.absoluteError(history, o, fitted.forecastFrom(o), HORIZON, fitted.transform());
            with += Candidate.absoluteError(history, o, trial.forecastFrom(o), HORIZON, fitted.transform());
        }
        if (with >= without) {
            return fitted;
        }
        return new DriftCorrectedCandidate(fitted,
                ProfileDrift.fromErrors(errors, firstHour, origins, 0, origins.size()), firstHour);
    }

    @Override
    public String name() {
        return fitted.name() + "+drift";
    }

    @Override
    public Transform transform() {
        return fitted.transform();
    }

    @Override
    public int minOrigin() {
        return fitted.minOrigin();
    }

    @Override
    public void fit(double[] history, long historyStart, List<Integer> origins) {
        throw new IllegalStateException("wraps a candidate already fitted: fit that one");
    }

    @Override
    public double[] forecastFrom(int origin) {
        double[] f = fitted.forecastFrom(origin).clone();
        for (int h = 0; h < f.length; h++) {
            f[h] += drift.at(firstHour + origin + h, h);
        }
        return f;
    }

    @Override
    public FittedModel toModel(ConformalBound bound, String note, long nextHour) {
        return fitted.toModel(bound, note, nextHour).withDrift(name(), drift);
    }

    @Override
    public double levelAlpha() {
        return fitted.levelAlpha();
    }
}
