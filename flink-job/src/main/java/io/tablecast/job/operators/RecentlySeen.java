package io.tablecast.job.operators;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "Is this the first time this subtask sees that key?", remembering the most recently seen keys only: a cache, not
 * state. Forgetting a key costs a repeated report downstream, which every user of it treats as idempotent.
 */
public final class RecentlySeen {
    private final Map<String, Boolean> keys;

    public RecentlySeen(int capacity) {
        this.keys = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time a key is seen (or the first time again after it was forgotten). */
    public boolean firstTime(String key) {
        return keys.put(key, Boolean.TRUE) == null;
    }
}
