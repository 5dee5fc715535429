package io.tablecast.connectors.cql;

import com.datastax.driver.core.Row;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;

/** A transaction as read back from a table, with the table it came from. */
public final class StoredTransaction {
    /** Read order: by event time, then by id so that ties come out the same way every time. */
    public static final Comparator<StoredTransaction> BY_TIME =
            Comparator.comparing((StoredTransaction t) -> t.ts).thenComparing(t -> t.txnId);

    public final String txnId;
    public final String userId;
    public final Instant ts;
    public final BigDecimal amount;
    public final String currency;
    public final String type;
    public final String merchant;
    public final String segmentId;
    public final String table;

    public StoredTransaction(String txnId, String userId, Instant ts, BigDecimal amount, String currency,
                             String type, String merchant, String segmentId, String table) {
        this.txnId = txnId;
        this.userId = userId;
        this.ts = ts;
        this.amount = amount;
        this.currency = currency;
        this.type = type;
        this.merchant = merchant;
        this.segmentId = segmentId;
        this.table = table;
    }

    static StoredTransaction fromRow(Row row, String table) {
        return new StoredTransaction(row.getString("txn_id"), row.getString("user_id"),
                row.getTimestamp("ts").toInstant(), row.getDecimal("amount"), row.getString("currency"),
                row.getString("type"), row.getString("merchant"), row.getString("segment_id"), table);
    }
}
