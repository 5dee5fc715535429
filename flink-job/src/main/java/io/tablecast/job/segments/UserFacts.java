package io.tablecast.job.segments;

import io.tablecast.connectors.model.UserProfile;

/**
 * What the rules may test about a user on the day being decided: its behavior and its profile's attributes
 * ({@code profile.<name>}).
 */
public final class UserFacts {
    public static final String PROFILE_PREFIX = "profile.";

    private final BehaviorFeatures.Values behavior;
    private final UserProfile profile;

    /** @param profile null: the user has none */
    public UserFacts(BehaviorFeatures.Values behavior, UserProfile profile) {
        this.behavior = behavior;
        this.profile = profile;
    }

    /** The feature as a number; NaN for a profile attribute the user lacks or that is not a number. */
    double number(String feature) {
        if (!feature.startsWith(PROFILE_PREFIX)) {
            return behavior.get(feature);
        }
        String text = text(feature);
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }

    /** A profile attribute's value as text, or null when the user lacks it. */
    String text(String feature) {
        return profile == null ? null : profile.attribute(feature.substring(PROFILE_PREFIX.length()));
    }
}
