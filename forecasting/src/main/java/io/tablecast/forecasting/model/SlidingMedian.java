package io.tablecast.forecasting.model;

import java.util.Arrays;

/**
 * The median of the last {@code span} known values of a series, as the window's end moves forward: values enter and
 * leave a sorted array by binary search, so a day's step costs 48 moves instead of a selection over the whole window
 * (a quickselect per validation origin cost as much as the rest of its candidate). NaN (a missing hour) is skipped.
 */
public final class SlidingMedian {
    private final double[] series;
    private final int span;
    private final double[] sorted;
    private int size;
    private int end;

    /** A window over {@code series[end − span, end)}, starting empty at end 0. */
    public SlidingMedian(double[] series, int span) {
        this.series = series;
        this.span = span;
        this.sorted = new double[span];
    }

    /** The median of the known values in {@code [end − span, end)}; 0 when there are none. Ends never go back. */
    public double medianBefore(int newEnd) {
        if (newEnd < end) {
            throw new IllegalArgumentException("the window moves forward only: " + newEnd + " < " + end);
        }
        if (end == 0 || newEnd - end >= span) {  // nothing of the window so far stays: fill it afresh, one sort
            size = 0;
            for (int i = Math.max(0, newEnd - span); i < newEnd; i++) {
                if (!Double.isNaN(series[i])) {
                    sorted[size++] = series[i];
                }
            }
            Arrays.sort(sorted, 0, size);
            end = newEnd;
        }
        for (; end < newEnd; end++) {
            int leaving = end - span;
            if (leaving >= 0 && !Double.isNaN(series[leaving])) {
                int at = Arrays.binarySearch(sorted, 0, size, series[leaving]);
                System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
                size--;
            }
            double v = series[end];
            if (!Double.isNaN(v)) {
                int at = Arrays.binarySearch(sorted, 0, size, v);
                if (at < 0) {
                    at = -at - 1;
                }
                System.arraycopy(sorted, at, sorted, at + 1, size - at);
                sorted[at] = v;
                size++;
            }
        }
        if (size == 0) {
            return 0;
        }
        return size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
    }
}
