package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ClockHourScale;
import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.ProfileDrift;
import io.tablecast.forecasting.model.TotalBound;
import io.tablecast.forecasting.model.Transform;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FittedModel} in a snapshot: kind, name, note, transform, bound and the hour it stands at, then its
 * {@link LiveModel}'s part, then the young floor and the day-total bound. Read in the layout of the snapshot's
 * version (see {@link SegmentForecaster#VERSION}).
 */
final class FittedModelCodec {
    private FittedModelCodec() {}

    static void write(FittedModel m, DataOutputStream out) throws IOException {
        out.writeByte(m.kind().ordinal());
        out.writeUTF(m.name());
        out.writeUTF(m.note() == null ? "" : m.note());
        out.writeByte(m.transform().ordinal());
        writeDoubles(out, m.bound().offsets());
        writeDoubles(out, m.bound().scale().values());
        out.writeLong(m.nextHourToLearn());
        m.live().write(out);
        out.writeDouble(m.youngFloorFactor());
        out.writeDouble(m.youngFloorLevel());
        TotalBound totals = m.totals();
        writeDoubles(out, totals == null ? new double[0] : totals.offsets());
        writeDoubles(out, totals == null ? new double[0] : totals.eventOffsets());
        writeDoubles(out, totals == null ? new double[0] : totals.centres());
        writeDoubles(out, m.drift().intercepts());
        writeDoubles(out, m.drift().slopesPerDay());
        out.writeBoolean(m.wholeNumbers());
    }

    /**
     * Reads what {@link #write} wrote, in the layout of the given snapshot version: version 3 had no young floor,
     * version 4 no bounds for day totals, version 5 none apart for event days (its bound, calibrated on all days,
     * serves both) and no bias of the point on totals, version 6 no per-event priors (its event effects, priors
     * folded in, serve until the next refit), version 7 no drift of the daily shape and no quiet-day
     * shape for holidays (until the next refit, holidays without a multiplier get only the learnt correction), version 8
     * no clock-hour scale of the bound (one width for all hours until the next refit), version 9 no whole-number
     * bounds for counts (bounds as calibrated until the next refit).
     */
    static FittedModel read(DataInputStream in, int version) throws IOException {
        FittedModel.Kind kind = FittedModel.Kind.values()[in.readByte()];
        String name = in.readUTF();
        String note = in.readUTF();
        Transform transform = Transform.values()[in.readByte()];
        ConformalBound bound = ConformalBound.of(readDoubles(in));
        if (version >= 9) {
            bound = bound.withScale(ClockHourScale.of(readDoubles(in)));
        }
        long nextHour = in.readLong();
        LiveModel live;
        switch (kind) {
            case SMOOTHER:
                live = LiveSmoother.read(in, version, transform);
                break;
            case REGRESSION:
                live = LiveRegression.read(in, version, transform);
                break;
            case SEASONAL_NAIVE:
                live = LiveSeasonalNaive.read(in);
                break;
            case SEASONAL_MEDIAN:
                live = LiveSeasonalMedian.read(in);
                break;
            default:
                LiveConstant constant = LiveConstant.read(in);
                if (kind == FittedModel.Kind.FLAT) {
                    // Written with a bound of 0 before it was the offset to the flat upper bound.
                    bound = ConformalBound.of(new double[] {constant.flatUpper() - constant.level()});
                }
                live = constant;
                break;
        }
        FittedModel m = new FittedModel(kind, name, note.isEmpty() ? null : note, transform, bound, live, nextHour);
        if (version >= 4) {
            m.withYoungFloor(in.readDouble(), in.readDouble());
        }
        if (version >= 5) {
            double[] offsets = readDoubles(in);
            double[] eventOffsets = version >= 6 ? readDoubles(in) : null;
            double[] centres = version >= 6 ? readDoubles(in) : null;
            m.withTotals(offsets.length == 0 ? null : TotalBound.of(offsets, eventOffsets, centres));
        }
        if (version >= 8) {
            m.withDrift(name, ProfileDrift.of(readDoubles(in), readDoubles(in)));
        }
        if (version >= 10) {
            m.withWholeNumbers(in.readBoolean());
        }
        return m;
    }

    static void writeEffects(DataOutputStream out, EventEffects effects) throws IOException {
        writeDoubles(out, effects.effects());
        out.writeShort(effects.events().size());
        for (ExternalEvent e : effects.events()) {
            out.writeUTF(e.name);
            out.writeByte(e.kind.ordinal());
            out.writeLong(e.startHour);
            out.writeLong(e.endHour);
            out.writeDouble(e.expectedEffect == null ? Double.NaN : e.expectedEffect);
        }
        out.writeBoolean(effects.priorsFolded());
        writeDoubles(out, effects.typicalWeek());
        writeDoubles(out, effects.quietDayShift());
    }

    static EventEffects readEffects(DataInputStream in, int version, Transform transform) throws IOException {
        double[] effect = readDoubles(in);
        int n = in.readUnsignedShort();
        List<ExternalEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            ExternalEvent.Kind kind = ExternalEvent.Kind.values()[in.readByte()];
            long start = in.readLong();
            long end = in.readLong();
            double expected = in.readDouble();
            events.add(new ExternalEvent(name, kind, start, end, null, Double.isNaN(expected) ? null : expected));
        }
        boolean folded = version < 7 || in.readBoolean();
        double[] typicalWeek = version < 7 ? null : readDoubles(in);
        double[] quietDayShift = version < 8 ? new double[0] : readDoubles(in);
        return folded ? EventEffects.withPriorsFolded(events, effect)
                : EventEffects.of(events, effect, transform, typicalWeek[0], typicalWeek[1], quietDayShift);
    }

    static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeShort(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInputStream in) throws IOException {
        double[] values = new double[in.readUnsignedShort()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
