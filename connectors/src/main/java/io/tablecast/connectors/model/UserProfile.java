package io.tablecast.connectors.model;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * What the {@code user-profiles} topic says about a user: an explicit segment (which then overrides the behavioral
 * rules) and attributes (demographics, spending habits) that rules may test as {@code profile.<name>}. A profile
 * holds from {@link #effectiveFromMillis} (event time): the first day decided at or after it is decided with it. A
 * deleted profile (a tombstone on the compacted topic) is one with neither. A Flink POJO.
 */
public class UserProfile {
    /** What an attribute may be called (and so what a rule may name after {@code profile.}). */
    public static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    public String userId;
    /** The segment the user is put in whatever its behavior; null: its behavior decides. */
    public String segment;
    /** Attribute names, sorted, with their values as text at the same index. */
    public String[] attributeNames = new String[0];
    public String[] attributeValues = new String[0];
    public long effectiveFromMillis;

    public UserProfile() {}

    public UserProfile(String userId, String segment, String[] attributeNames, String[] attributeValues,
                       long effectiveFromMillis) {
        this.userId = userId;
        this.segment = segment;
        this.attributeNames = attributeNames;
        this.attributeValues = attributeValues;
        this.effectiveFromMillis = effectiveFromMillis;
    }

    /** The attribute's value, or null when the profile does not have it. */
    public String attribute(String name) {
        int i = Arrays.binarySearch(attributeNames, name);
        return i >= 0 ? attributeValues[i] : null;
    }

    @Override
    public String toString() {
        return userId + " from " + effectiveFromMillis + ": segment " + segment + ", "
                + Arrays.toString(attributeNames);
    }
}
