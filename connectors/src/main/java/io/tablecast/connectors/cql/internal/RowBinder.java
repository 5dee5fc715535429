package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.BoundStatement;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Row;

import io.tablecast.connectors.model.Transaction;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Binds the row columns ({@link SchemaStatements#ROW_COLUMNS}) from {@code offset} on. A null value is left unset
 * rather than bound to null, so optional fields do not write tombstones.
 */
public final class RowBinder {
    private RowBinder() {}

    public static BoundStatement bind(PreparedStatement ps, int offset, String segmentId, String userId, long tsMillis,
                                      String txnId, BigDecimal amount, String currency, String type,
                                      String merchant) {
        BoundStatement bs = ps.bind();
        bs.setString(offset, segmentId);
        bs.setString(offset + 1, userId);
        bs.setTimestamp(offset + 2, new Date(tsMillis));
        bs.setString(offset + 3, txnId);
        bs.setDecimal(offset + 4, amount);
        setIfPresent(bs, offset + 5, currency);
        setIfPresent(bs, offset + 6, type);
        setIfPresent(bs, offset + 7, merchant);
        return bs;
    }

    /**
     * What a row adds to its table, roughly: the bytes of its values (UTF-8 text, 8 for the timestamp, the decimal's
     * unscaled digits) plus a fixed allowance for the cell headers. For load figures, not for storage accounting.
     */
    public static long estimatedBytes(String segmentId, Transaction t) {
        return utf8(segmentId) + utf8(t.userId) + 8 + utf8(t.txnId) + (t.amount.unscaledValue().bitLength() / 8 + 5)
                + utf8(t.currency) + utf8(t.type) + utf8(t.merchant) + ROW_OVERHEAD_BYTES;
    }

    private static final int ROW_OVERHEAD_BYTES = 32;

    private static int utf8(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Binds a row read with {@link SchemaStatements#ROW_COLUMNS} into a statement that writes the same columns. */
    public static BoundStatement bindCopy(PreparedStatement ps, int offset, Row row) {
        return bind(ps, offset, row.getString("segment_id"), row.getString("user_id"),
                row.getTimestamp("ts").getTime(), row.getString("txn_id"), row.getDecimal("amount"),
                row.getString("currency"), row.getString("type"), row.getString("merchant"));
    }

    private static void setIfPresent(BoundStatement bs, int index, String value) {
        if (value != null) {
            bs.setString(index, value);
        }
    }
}
