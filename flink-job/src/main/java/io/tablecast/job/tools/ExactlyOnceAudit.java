package io.tablecast.job.tools;

import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.cql.internal.SchemaStatements;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Accounts for every record of a source topic: stored in a window table once, or dead-lettered once (as a
 * read_committed consumer of the dead-letter topic sees it), never both, never neither. A record is found in the
 * tables by its {@code txn_id} and in the dead-letter topic by its partition and offset, which every dead letter
 * carries — so even a record too broken to have an id is accounted for.
 */
final class ExactlyOnceAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the audit found; exactly once when every source record is stored or dead-lettered, once. */
    static final class Figures {
        long sourceRecords;
        long stored;
        long deadLettered;
        /** Neither in a table nor in the dead-letter topic (rows still in the fallback table count here). */
        long missing;
        long inBoth;
        long storedMoreThanOnce;
        long deadLetteredMoreThanOnce;
        /** Rows still in the fallback table, waiting for their table. */
        long fallbackRows;

        boolean exactlyOnce() {
            return sourceRecords > 0 && stored + deadLettered == sourceRecords && missing == 0 && inBoth == 0
                    && storedMoreThanOnce == 0 && deadLetteredMoreThanOnce == 0;
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source_records", sourceRecords);
            m.put("stored", stored);
            m.put("dead_lettered", deadLettered);
            m.put("missing", missing);
            m.put("in_both", inBoth);
            m.put("stored_more_than_once", storedMoreThanOnce);
            m.put("dead_lettered_more_than_once", deadLetteredMoreThanOnce);
            m.put("fallback_rows", fallbackRows);
            m.put("exactly_once", exactlyOnce());
            return m;
        }
    }

    private final Properties kafka;

    /** @param kafka client properties naming the brokers (and any security settings) */
    ExactlyOnceAudit(Properties kafka) {
        this.kafka = kafka;
    }

    Figures audit(String topic, String dlqTopic, Session session, String keyspace) {
        CqlIdentifiers.require(keyspace, "keyspace");
        Map<String, String> txnIdByPlace = new HashMap<>();
        TopicReader.readAll(kafka, topic, "read_uncommitted",
                r -> txnIdByPlace.put(r.partition() + "@" + r.offset(), txnIdOf(r.value())));
        Map<String, Integer> deadLetters = new HashMap<>();
        TopicReader.readAll(kafka, dlqTopic, "read_committed", r -> {
            JsonNode letter = parse(r.value());
            if (letter != null && topic.equals(letter.path("source_topic").asText())) {
                deadLetters.merge(letter.path("source_partition").asInt() + "@"
                        + letter.path("source_offset").asLong(), 1, Integer::sum);
            }
        });
        Map<String, Integer> rows = rowsByTxnId(session, keyspace);

        Figures f = new Figures();
        f.sourceRecords = txnIdByPlace.size();
        f.fallbackRows = session.execute(SchemaStatements.countRows(keyspace, TableNames.FALLBACK_TABLE)).one()
                .getLong(0);
        for (Map.Entry<String, String> record : txnIdByPlace.entrySet()) {
            int letters = deadLetters.getOrDefault(record.getKey(), 0);
            int stored = record.getValue() == null ? 0 : rows.getOrDefault(record.getValue(), 0);
            if (letters > 0 && stored > 0) {
                f.inBoth++;
            } else if (letters == 0 && stored == 0) {
                f.missing++;
            } else if (stored > 0) {
                f.stored++;
            } else {
                f.deadLettered++;
            }
            if (stored > 1) {
                f.storedMoreThanOnce++;
            }
            if (letters > 1) {
                f.deadLetteredMoreThanOnce++;
            }
        }
        return f;
    }

    /** txn_id → how many rows hold it, over every table the catalog lists. */
    private static Map<String, Integer> rowsByTxnId(Session session, String keyspace) {
        Map<String, Integer> rows = new HashMap<>();
        for (CatalogEntry table : new TableCatalog(session, keyspace).all()) {
            SimpleStatement select = new SimpleStatement("SELECT txn_id FROM " + keyspace + "."
                    + CqlIdentifiers.require(table.tableName, "table"));
            select.setFetchSize(5000);
            for (Row row : session.execute(select)) {
                rows.merge(row.getString(0), 1, Integer::sum);
            }
        }
        return rows;
    }

    /** The record's txn_id if it has a textual one, else null (it can only have been dead-lettered). */
    private static String txnIdOf(byte[] value) {
        JsonNode json = parse(value);
        JsonNode id = json == null ? null : json.get("txn_id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }
}
