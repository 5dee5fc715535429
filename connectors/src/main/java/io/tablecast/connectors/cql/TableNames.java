package io.tablecast.connectors.cql;

import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.model.SegmentIds;
import org.apache.commons.codec.digest.DigestUtils;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The naming scheme of the time-window shard tables: {@code tx_<window start yyyyMMddHHmm UTC>_<segment>_<shard>},
 * for example {@code tx_202611250000_sretail_03}.
 *
 * <p>The segment part is {@code s<id>} when the segment id is 1–20 characters of {@code [a-z0-9]}, and otherwise
 * {@code h<first 16 hex digits of SHA-256(id)>}. The two forms start with different letters, so they cannot collide,
 * and every name is a valid CQL identifier of at most 41 characters whatever the segment id holds. The catalog maps
 * a name back to its segment; nothing parses names.
 *
 * <p>Tables that hold several segments: {@code tx_<window>_p<pack, 3 digits>} for a pack of low-volume segments the
 * schedule put together, and {@code tx_<window>_shared} for every segment the schedule did not foresee. Neither
 * collides with a segment's table: those have a third part starting with {@code s} or {@code h} and a shard suffix.
 */
public final class TableNames {
    public static final String CATALOG_TABLE = "table_catalog";
    public static final String FALLBACK_TABLE = "fallback_rows";
    public static final String FORECAST_TABLE = "forecasts";
    public static final String SEGMENT_MOVES_TABLE = "segment_moves";
    public static final String SPLITS_TABLE = "table_splits";
    public static final String WINDOW_OUTCOMES_TABLE = "window_outcomes";
    public static final int MAX_SHARDS = 1000;

    private static final Pattern READABLE_SEGMENT = Pattern.compile("[a-z0-9]{1,20}");
    private static final DateTimeFormatter WINDOW_START =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

    private TableNames() {}

    public static String windowTable(String segmentId, long windowStartMillis, int shard) {
        SegmentIds.require(segmentId, "segment id");
        if (shard < 0 || shard >= MAX_SHARDS) {
            throw new IllegalArgumentException("shard " + shard + " is outside [0, " + MAX_SHARDS + ")");
        }
        String name = "tx_" + WINDOW_START.format(Instant.ofEpochMilli(windowStartMillis)) + "_"
                + encodeSegment(segmentId) + "_" + String.format("%02d", shard);
        return CqlIdentifiers.require(name, "table name");
    }

    /** The table of pack {@code pack} (0–999) of a window: low-volume segments sharing one table. */
    public static String packedTable(long windowStartMillis, int pack) {
        if (pack < 0 || pack > 999) {
            throw new IllegalArgumentException("pack " + pack + " is outside [0, 999]");
        }
        return CqlIdentifiers.require("tx_" + WINDOW_START.format(Instant.ofEpochMilli(windowStartMillis)) + "_p"
                + String.format("%03d", pack), "table name");
    }

    /** The window's table for segments the schedule did not foresee; it always exists before the window begins. */
    public static String sharedTable(long windowStartMillis) {
        return CqlIdentifiers.require("tx_" + WINDOW_START.format(Instant.ofEpochMilli(windowStartMillis))
                + "_shared", "table name");
    }

    static String encodeSegment(String segmentId) {
        if (READABLE_SEGMENT.matcher(segmentId).matches()) {
            return "s" + segmentId;
        }
        return "h" + DigestUtils.sha256Hex(segmentId).substring(0, 16);
    }
}
