package io.tablecast.connectors.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A validated transaction as it travels through the job. A Flink POJO (public fields, no-arg constructor) so that
 * Flink serializes it with its own POJO serializer rather than Kryo.
 */
public class Transaction {
    public String txnId;
    public String userId;
    /** Event time, epoch milliseconds UTC. */
    public long tsMillis;
    public BigDecimal amount;
    /** ISO 4217 code, or null. */
    public String currency;
    public String type;
    public String merchant;
    /** Segment named by the producer, or null to let the job assign one. */
    public String segment;

    public Transaction() {}

    public Transaction(String txnId, String userId, long tsMillis, BigDecimal amount,
                       String currency, String type, String merchant, String segment) {
        this.txnId = txnId;
        this.userId = userId;
        this.tsMillis = tsMillis;
        this.amount = amount;
        this.currency = currency;
        this.type = type;
        this.merchant = merchant;
        this.segment = segment;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Transaction)) return false;
        Transaction t = (Transaction) o;
        return tsMillis == t.tsMillis && Objects.equals(txnId, t.txnId) && Objects.equals(userId, t.userId)
                && Objects.equals(amount, t.amount) && Objects.equals(currency, t.currency)
                && Objects.equals(type, t.type) && Objects.equals(merchant, t.merchant)
                && Objects.equals(segment, t.segment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(txnId, userId, tsMillis, amount, currency, type, merchant, segment);
    }

    @Override
    public String toString() {
        return "Transaction{" + txnId + ", user=" + userId + ", ts=" + tsMillis + ", amount=" + amount + "}";
    }
}
