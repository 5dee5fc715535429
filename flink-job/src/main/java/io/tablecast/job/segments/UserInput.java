package io.tablecast.job.segments;

import io.tablecast.connectors.model.Transaction;
import io.tablecast.connectors.model.UserProfile;

/**
 * What reaches a user's segment state: a transaction or a profile update (exactly one is set). Both are keyed by user
 * into the same operator, whose keyed input is one stream. A Flink POJO.
 */
public class UserInput {
    public Transaction txn;
    public UserProfile profile;

    public UserInput() {}

    public static UserInput of(Transaction txn) {
        UserInput in = new UserInput();
        in.txn = txn;
        return in;
    }

    public static UserInput of(UserProfile profile) {
        UserInput in = new UserInput();
        in.profile = profile;
        return in;
    }

    public String userId() {
        return txn != null ? txn.userId : profile.userId;
    }
}
