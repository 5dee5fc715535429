package io.tablecast.connectors.model;

import java.util.regex.Pattern;

/**
 * Segment ids come from data (producers and the segment assigner), so they are checked before anything uses them.
 * They are never spliced into CQL: table names carry only an encoded form (see {@code TableNames}).
 */
public final class SegmentIds {
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private SegmentIds() {}

    public static boolean isValid(String segmentId) {
        return segmentId != null && VALID.matcher(segmentId).matches();
    }

    /** Throws with a message naming the offending id when it is not a valid segment id. */
    public static String require(String segmentId, String what) {
        if (!isValid(segmentId)) {
            throw new IllegalArgumentException(what + " '" + segmentId + "' is not a valid segment id: use 1 to "
                    + MAX_LENGTH + " characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return segmentId;
    }
}
