package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.CqlDialect;
import io.tablecast.connectors.cql.Replication;
import io.tablecast.connectors.cql.TableNames;

import java.time.Duration;

/**
 * Every CQL text the system sends, in one place. Names pass through {@link CqlIdentifiers} first; values are always
 * bound, never concatenated. The same statements run on Cassandra 5 and ScyllaDB.
 */
public final class SchemaStatements {
    /** The columns of a window table, in the order {@link #insertRow} binds them. */
    public static final String ROW_COLUMNS = "segment_id, user_id, ts, txn_id, amount, currency, type, merchant";

    private SchemaStatements() {}

    public static String createKeyspace(String keyspace, Replication replication) {
        return "CREATE KEYSPACE IF NOT EXISTS " + CqlIdentifiers.require(keyspace, "keyspace")
                + " WITH replication = " + replication.toCql();
    }

    /** For throwaway keyspaces (tests, benchmarks, fault-injection runs); the job never drops anything this way. */
    public static String dropKeyspace(String keyspace) {
        return "DROP KEYSPACE IF EXISTS " + CqlIdentifiers.require(keyspace, "keyspace");
    }

    /**
     * One partition per (segment, user): a user's reads in a window are one partition slice, and several segments
     * can share a table without changing the key. Rows are keyed by (ts, txn_id), so a replayed record overwrites
     * itself: writes are idempotent upserts. Time-window compaction with the table's own window: everything a table
     * holds was written in one window (and late records shortly after), so its SSTables are compacted together once
     * and then left alone, instead of size-tiered rounds rewriting a cold table.
     */
    public static String createWindowTable(String keyspace, String table, Duration window) {
        return createWindowTable(keyspace, table, window, CqlDialect.CASSANDRA, 0);
    }

    /**
     * As above; under {@link CqlDialect#SCYLLA} a table planned for rows also gets the tablet hint
     * {@code expected_data_size_in_gb} from them ({@value #ESTIMATED_ROW_BYTES} bytes a row, rounded up to whole
     * gigabytes as the option takes them). A shared table, planned for no rows, gets none.
     */
    public static String createWindowTable(String keyspace, String table, Duration window, CqlDialect dialect,
                                           long plannedRows) {
        String statement = "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, table) + " ("
                + "segment_id text, user_id text, ts timestamp, txn_id text, amount decimal, currency text, "
                + "type text, merchant text, PRIMARY KEY ((segment_id, user_id), ts, txn_id))"
                + " WITH CLUSTERING ORDER BY (ts ASC, txn_id ASC) AND " + timeWindowCompaction(window);
        if (dialect == CqlDialect.SCYLLA && plannedRows > 0) {
            statement += " AND tablets = {'expected_data_size_in_gb': " + expectedGigabytes(plannedRows) + "}";
        }
        return statement;
    }

    /**
     * A window table's row on disk before compression: eight short columns (ids of ~10 characters, a decimal, a
     * timestamp) plus per-cell overhead. An estimate: the hint only sets where a table starts, ScyllaDB splits tablets
     * as real data grows.
     */
    static final long ESTIMATED_ROW_BYTES = 160;

    static long expectedGigabytes(long plannedRows) {
        return Math.max(1, (long) Math.ceil(plannedRows * (double) ESTIMATED_ROW_BYTES / (1L << 30)));
    }

    /** TWCS with a compaction window equal to {@code window}, in the largest unit that divides it. */
    static String timeWindowCompaction(Duration window) {
        long minutes = Math.max(1, window.toMinutes());
        String unit = minutes % 1440 == 0 ? "DAYS" : minutes % 60 == 0 ? "HOURS" : "MINUTES";
        long size = unit.equals("DAYS") ? minutes / 1440 : unit.equals("HOURS") ? minutes / 60 : minutes;
        return "compaction = {'class': 'TimeWindowCompactionStrategy', 'compaction_window_unit': '" + unit
                + "', 'compaction_window_size': " + size + "}";
    }

    public static String insertRow(String keyspace, String table) {
        return "INSERT INTO " + qualified(keyspace, table) + " (" + ROW_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    public static String selectUserRows(String keyspace, String table) {
        return "SELECT " + ROW_COLUMNS + " FROM " + qualified(keyspace, table)
                + " WHERE segment_id = ? AND user_id = ? AND ts >= ? AND ts < ?";
    }

    public static String selectAllRows(String keyspace, String table) {
        return "SELECT " + ROW_COLUMNS + " FROM " + qualified(keyspace, table);
    }

    /** A row's delete with the tombstone's write timestamp given (microseconds): the first bind value. */
    public static String deleteRowAt(String keyspace, String table) {
        return "DELETE FROM " + qualified(keyspace, table)
                + " USING TIMESTAMP ? WHERE segment_id = ? AND user_id = ? AND ts = ? AND txn_id = ?";
    }

    /**
     * One row per split whose rows are being moved, by the new shard's table: how far the move got (copied,
     * verified, cleaned), so a crash resumes it.
     */
    public static String createSplitsTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, TableNames.SPLITS_TABLE) + " ("
                + "target_table text PRIMARY KEY, hot_table text, segment_id text, switch_at timestamp, state text, "
                + "rows_moved bigint, checksum bigint, updated_at timestamp)";
    }

    public static String upsertSplitState(String keyspace) {
        return "INSERT INTO " + qualified(keyspace, TableNames.SPLITS_TABLE)
                + " (target_table, hot_table, segment_id, switch_at, state, rows_moved, checksum, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    public static String selectSplitState(String keyspace) {
        return "SELECT state, rows_moved, checksum FROM " + qualified(keyspace, TableNames.SPLITS_TABLE)
                + " WHERE target_table = ?";
    }

    public static String countRows(String keyspace, String table) {
        return "SELECT COUNT(*) FROM " + qualified(keyspace, table);
    }

    /**
     * Rows whose table did not exist yet when they were written, one partition per intended table. Drained rows are
     * deleted one by one; a short gc grace keeps their tombstones from piling up, and is safe here: a row that a
     * missed repair brings back is simply moved again, an idempotent upsert.
     */
    public static String createFallbackTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, TableNames.FALLBACK_TABLE) + " ("
                + "target_table text, segment_id text, user_id text, ts timestamp, txn_id text, amount decimal, "
                + "currency text, type text, merchant text, "
                + "PRIMARY KEY ((target_table), segment_id, user_id, ts, txn_id)) WITH gc_grace_seconds = 3600";
    }

    public static String insertFallbackRow(String keyspace) {
        return "INSERT INTO " + qualified(keyspace, TableNames.FALLBACK_TABLE) + " (target_table, " + ROW_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    public static String selectFallbackTargets(String keyspace) {
        return "SELECT DISTINCT target_table FROM " + qualified(keyspace, TableNames.FALLBACK_TABLE);
    }

    public static String selectAnyFallbackRowFor(String keyspace) {
        return "SELECT target_table FROM " + qualified(keyspace, TableNames.FALLBACK_TABLE)
                + " WHERE target_table = ? LIMIT 1";
    }

    public static String selectFallbackRows(String keyspace) {
        return "SELECT " + ROW_COLUMNS + " FROM " + qualified(keyspace, TableNames.FALLBACK_TABLE)
                + " WHERE target_table = ?";
    }

    /** Filtering stays inside one partition (one intended table), which is small and short-lived. */
    public static String selectFallbackUserRows(String keyspace) {
        return "SELECT " + ROW_COLUMNS + " FROM " + qualified(keyspace, TableNames.FALLBACK_TABLE)
                + " WHERE target_table = ? AND user_id = ? AND ts >= ? AND ts < ? ALLOW FILTERING";
    }

    public static String deleteFallbackRow(String keyspace) {
        return "DELETE FROM " + qualified(keyspace, TableNames.FALLBACK_TABLE)
                + " WHERE target_table = ? AND segment_id = ? AND user_id = ? AND ts = ? AND txn_id = ?";
    }

    public static String createCatalogTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, TableNames.CATALOG_TABLE) + " ("
                + "table_name text PRIMARY KEY, segment_id text, window_start timestamp, window_end timestamp, "
                + "shard int, shard_count int, state text, created_at timestamp, planned_rows bigint, reason text, "
                + "segment_ids set<text>, planned_peak_rows_per_second double)";
    }

    /** Columns later versions added to the catalog, with their types: a catalog made before gets them added. */
    public static final String[][] CATALOG_ADDED_COLUMNS = {
            {"segment_ids", "set<text>"}, {"planned_peak_rows_per_second", "double"}};

    public static String addCatalogColumn(String keyspace, String column, String type) {
        return "ALTER TABLE " + qualified(keyspace, TableNames.CATALOG_TABLE) + " ADD "
                + CqlIdentifiers.require(column, "column") + " " + type;
    }

    /** Records that a table holds one more segment; IF EXISTS, so it never makes a half row of a table to be. */
    public static String addCatalogSegment(String keyspace) {
        return "UPDATE " + qualified(keyspace, TableNames.CATALOG_TABLE)
                + " SET segment_ids = segment_ids + ? WHERE table_name = ? IF EXISTS";
    }

    /** Lightweight transaction: a repeated registration keeps the first {@code created_at}. */
    public static String insertCatalogEntry(String keyspace) {
        return "INSERT INTO " + qualified(keyspace, TableNames.CATALOG_TABLE)
                + " (table_name, segment_id, segment_ids, window_start, window_end, shard, shard_count, state, "
                + "created_at, planned_rows, planned_peak_rows_per_second, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS";
    }

    /**
     * Every forecast a segment was issued, hour by hour, kept 35 days: one partition per segment, so "what did we
     * expect for this segment around then" is a slice.
     */
    public static String createForecastTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, TableNames.FORECAST_TABLE) + " ("
                + "segment_id text, issued_hour timestamp, target_hour timestamp, point double, upper double, "
                + "model text, PRIMARY KEY ((segment_id), issued_hour, target_hour))"
                + " WITH CLUSTERING ORDER BY (issued_hour DESC, target_hour ASC) AND default_time_to_live = 3024000";
    }

    public static String insertForecastHour(String keyspace) {
        return "INSERT INTO " + qualified(keyspace, TableNames.FORECAST_TABLE)
                + " (segment_id, issued_hour, target_hour, point, upper, model) VALUES (?, ?, ?, ?, ?, ?)";
    }

    /**
     * How each segment's ended windows went against their plans, one partition per segment, newest first: "has this
     * segment outrun its capacity lately" is a slice. Kept about a year, to compare season with season.
     */
    public static String createWindowOutcomesTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, TableNames.WINDOW_OUTCOMES_TABLE) + " ("
                + "segment_id text, window_start timestamp, window_end timestamp, expected_rows double, "
                + "planned_upper_rows double, received_rows bigint, sized_by_live_traffic boolean, "
                + "PRIMARY KEY ((segment_id), window_start))"
                + " WITH CLUSTERING ORDER BY (window_start DESC) AND default_time_to_live = 34560000";
    }

    public static String insertWindowOutcome(String keyspace) {
        return "INSERT INTO " + qualified(keyspace, TableNames.WINDOW_OUTCOMES_TABLE)
                + " (segment_id, window_start, window_end, expected_rows, planned_upper_rows, received_rows,"
                + " sized_by_live_traffic) VALUES (?, ?, ?, ?, ?, ?, ?)";
    }

    public static String selectWindowOutcomes(String keyspace) {
        return "SELECT segment_id, window_start, window_end, expected_rows, planned_upper_rows, received_rows,"
                + " sized_by_live_traffic"
                + " FROM " + qualified(keyspace, TableNames.WINDOW_OUTCOMES_TABLE);
    }

    public static String selectWindowOutcomesOfSegment(String keyspace) {
        return selectWindowOutcomes(keyspace) + " WHERE segment_id = ?";
    }

    /**
     * Each user's segments over time (its first, then every move), one partition per user: where a user's rows are is
     * one read.
     */
    public static String createSegmentMovesTable(String keyspace) {
        return "CREATE TABLE IF NOT EXISTS " + qualified(keyspace, TableNames.SEGMENT_MOVES_TABLE) + " ("
                + "user_id text, from_ts timestamp, segment_id text, previous_segment_id text, "
                + "PRIMARY KEY ((user_id), from_ts))";
    }

    public static String insertSegmentMove(String keyspace) {
        return "INSERT INTO " + qualified(keyspace, TableNames.SEGMENT_MOVES_TABLE)
                + " (user_id, from_ts, segment_id, previous_segment_id) VALUES (?, ?, ?, ?)";
    }

    public static String selectSegmentMoves(String keyspace) {
        return "SELECT from_ts, segment_id, previous_segment_id FROM "
                + qualified(keyspace, TableNames.SEGMENT_MOVES_TABLE) + " WHERE user_id = ?";
    }

    public static String selectCatalog(String keyspace) {
        return "SELECT table_name, segment_id, segment_ids, window_start, window_end, shard, shard_count, state, "
                + "created_at, planned_rows, planned_peak_rows_per_second, reason FROM "
                + qualified(keyspace, TableNames.CATALOG_TABLE);
    }

    private static String qualified(String keyspace, String table) {
        return CqlIdentifiers.require(keyspace, "keyspace") + "." + CqlIdentifiers.require(table, "table");
    }
}
