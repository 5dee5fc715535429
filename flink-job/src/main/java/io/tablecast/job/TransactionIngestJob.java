package io.tablecast.job;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.cql.ForecastTableSink;
import io.tablecast.connectors.cql.SegmentMoveSink;
import io.tablecast.connectors.cql.SchemaBootstrap;
import io.tablecast.connectors.cql.ShardedTableSink;
import io.tablecast.connectors.cql.TableManagerSink;
import io.tablecast.connectors.cql.WindowOutcomeSink;
import io.tablecast.connectors.kafka.DeadLetterSerializationSchema;
import io.tablecast.connectors.kafka.ExternalEventDeserializationSchema;
import io.tablecast.connectors.kafka.SegmentControlDeserializationSchema;
import io.tablecast.connectors.kafka.KafkaTopics;
import io.tablecast.connectors.kafka.TransactionDeserializationSchema;
import io.tablecast.connectors.model.DeadLetter;
import io.tablecast.connectors.model.EventNotice;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.connectors.model.WindowOutcome;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.job.config.ConfigKeys;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.forecast.HotUserCounter;
import io.tablecast.job.forecast.HourlyCountCombiner;
import io.tablecast.job.forecast.SegmentHourCount;
import io.tablecast.job.forecast.SegmentVolumeForecaster;
import io.tablecast.job.operators.FirstSightOfWindow;
import io.tablecast.job.operators.NeverHoldsEventTime;
import io.tablecast.job.operators.AssignSegment;
import io.tablecast.job.operators.ShardKey;
import io.tablecast.job.operators.SideOutputs;
import io.tablecast.job.operators.ValidateEvent;
import io.tablecast.job.operators.ValidateTransaction;
import io.tablecast.job.operators.WindowSighting;
import io.tablecast.job.schedule.HotKeyRule;
import io.tablecast.job.segments.AssignBehavioralSegment;
import io.tablecast.job.segments.UserInput;
import io.tablecast.job.segments.ValidateSegmentControl;
import io.tablecast.job.schedule.PlanningLimits;
import io.tablecast.job.schedule.RouteBySchedule;
import io.tablecast.job.schedule.SplitRule;
import io.tablecast.job.schedule.VolumeSignal;
import io.tablecast.job.schedule.WindowScheduler;
import io.tablecast.job.routing.ExplicitOrDefaultSegmentAssigner;
import io.tablecast.job.routing.ShardPlacement;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka transactions → validation (rejects to the dead-letter topic) → segment and window → the table the window's
 * plan gives them. The plans come from the schedule: each segment's hourly volume is counted in event time and
 * forecast (into the {@code forecasts} table too), and a window's tables — dedicated shards for busy segments, packs
 * for small ones, a shared table for the unforeseen — are decided ahead of it and created by the table manager, the
 * only operator that runs DDL.
 *
 * <p>External events (holidays, promotions) come from their own topic into every forecaster as broadcast state.
 *
 * <p>With behavioral segments (a rules file), user profiles and rule versions come from a third source: profiles keyed
 * with the transactions by user, rule versions broadcast.
 *
 * <p>The constructor takes the sources (the third null without behavioral segments) and the sinks, so tests can run
 * the same topology on other endpoints; {@link #main} only wires the real ones from the configuration.
 */
public final class TransactionIngestJob {
    /**
     * How long a user's count of an hour not yet closed is kept without a new record: hours close by the watermark
     * long before this in a flowing stream; this only clears users who went quiet.
     */
    private static final Duration USER_COUNT_TTL = Duration.ofHours(3);

    private final JobConfig config;
    private final Source<SourceRecord, ?, ?> source;
    private final Source<EventNotice, ?, ?> eventSource;
    private final Source<SegmentControl, ?, ?> segmentControlSource;
    private final Sink<DeadLetter> deadLetterSink;
    private final SinkFunction<RoutedTransaction> tableSink;
    private final SinkFunction<AllocationCommand> tableManager;
    private final SinkFunction<SegmentForecast> forecastSink;
    private final SinkFunction<SegmentMove> segmentMoveSink;
    private final SinkFunction<WindowOutcome> outcomeSink;

    public TransactionIngestJob(JobConfig config, Source<SourceRecord, ?, ?> source,
                                Source<EventNotice, ?, ?> eventSource,
                                Source<SegmentControl, ?, ?> segmentControlSource, Sink<DeadLetter> deadLetterSink,
                                SinkFunction<RoutedTransaction> tableSink,
                                SinkFunction<AllocationCommand> tableManager,
                                SinkFunction<SegmentForecast> forecastSink,
                                SinkFunction<SegmentMove> segmentMoveSink,
                                SinkFunction<WindowOutcome> outcomeSink) {
        this.config = config;
        this.source = source;
        this.eventSource = eventSource;
        this.segmentControlSource = segmentControlSource;
        this.deadLetterSink = deadLetterSink;
        this.tableSink = tableSink;
        this.tableManager = tableManager;
        this.forecastSink = forecastSink;
        this.segmentMoveSink = segmentMoveSink;
        this.outcomeSink = outcomeSink;
    }

    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TransactionIngestJob.withKafkaAndCassandra(config).execute(env);
    }

    /**
     * The job on the Kafka topics and CQL keyspace the configuration names. Fails fast when a topic is missing;
     * creates the keyspace, catalog and fallback table if they are.
     */
    public static TransactionIngestJob withKafkaAndCassandra(JobConfig config) {
        Map<String, String> topics = new HashMap<>(Map.of(ConfigKeys.KAFKA_TOPIC, config.kafkaTopic,
                ConfigKeys.KAFKA_DLQ_TOPIC, config.dlqTopic, ConfigKeys.KAFKA_EVENTS_TOPIC, config.eventsTopic));
        if (config.segmentRules != null) {
            topics.put(ConfigKeys.PROFILES_TOPIC, config.profilesTopic);
            topics.put(ConfigKeys.RULES_TOPIC, config.rulesTopic);
        }
        KafkaTopics.requireExist(config.kafkaBootstrap, config.kafkaSecurity, topics);
        SchemaBootstrap.ensureBaseSchema(config.cassandraDdl);
        return new TransactionIngestJob(config, kafkaSource(config), eventSource(config),
                config.segmentRules == null ? null : segmentControlSource(config), deadLetterSink(config),
                new ShardedTableSink(config.cassandra, config.tableWait, config.hotShard),
                new TableManagerSink(config.cassandraDdl, config.cqlDialect, config.fallbackDrainInterval,
                        config.tableBudget),
                new ForecastTableSink(config.cassandra), new SegmentMoveSink(config.cassandra),
                new WindowOutcomeSink(config.cassandra));
    }

    /** Builds the topology on the environment and submits it without waiting for it to end. */
    public JobClient execute(StreamExecutionEnvironment env) throws Exception {
        configure(env);
        build(env);
        return env.executeAsync(config.jobName);
    }

    void configure(StreamExecutionEnvironment env) {
        Configuration conf = new Configuration();
        if (config.checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir);
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        // Aligned, whatever the cluster's default: a split's rows are moved once a checkpoint after its command
        // completes, which must mean every record the sources sent before it is written (TableManagerSink).
        conf.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
        env.configure(conf);
        env.enableCheckpointing(config.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // Every record type is a Flink POJO (RecordTypesTest): a Kryo fallback is a bug, so fail at start.
        env.getConfig().disableGenericTypes();
        env.setMaxParallelism(config.maxParallelism);
        if (config.parallelism != null) {
            env.setParallelism(config.parallelism);
        }
    }

    void build(StreamExecutionEnvironment env) {
        TimeWindows windows = new TimeWindows(config.window);

        WatermarkStrategy<SourceRecord> watermarks = WatermarkStrategy
                .<SourceRecord>forBoundedOutOfOrderness(config.outOfOrderness)
                // A rejected record has no trustworthy time: it must not move event time.
                .withTimestampAssigner((r, kafkaTs) -> r.isAccepted() ? r.txn.tsMillis : Long.MIN_VALUE)
                .withIdleness(config.idleness);
        DataStream<SourceRecord> records = env.fromSource(source, watermarks, "transactions")
                .uid("transactions-source").name("transactions (Kafka)");

        SingleOutputStreamOperator<Transaction> valid = records
                .process(new ValidateTransaction())
                .uid("validate").name("validate");

        // External events: a refit uses those announced by its event time; the stream itself never holds event
        // time back (a quiet topic, or a subtask without a partition, would stop every forecast).
        SingleOutputStreamOperator<EventNotice> validEvents = env.fromSource(eventSource,
                        WatermarkStrategy.<EventNotice>noWatermarks(), "external events")
                .uid("events-source").name("external events (Kafka)")
                .process(new ValidateEvent()).uid("validate-events").name("validate events");
        DataStream<EventNotice> events = validEvents.assignTimestampsAndWatermarks(new NeverHoldsEventTime<>())
                .uid("events-watermarks").name("events never hold event time");

        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>(List.of(
                valid.getSideOutput(SideOutputs.DEAD_LETTERS), validEvents.getSideOutput(SideOutputs.DEAD_LETTERS)));
        DataStream<RoutedTransaction> segmented = segments(env, valid, windows, deadLetters);
        deadLetters.stream().reduce(DataStream::union).orElseThrow()
                .sinkTo(deadLetterSink).uid("dead-letter-sink").name("dead letters (Kafka)");

        // Volume per segment and hour, forecast per segment.
        SingleOutputStreamOperator<SegmentForecast> forecasts = segmented
                .transform("hourly counts per segment", TypeInformation.of(SegmentHourCount.class),
                        new HourlyCountCombiner()).uid("hourly-counts")
                .keyBy(c -> c.segmentId)
                .connect(events.broadcast(SegmentVolumeForecaster.EVENTS))
                .process(new SegmentVolumeForecaster(config.forecastQuantile, config.segmentIdleExpiry,
                        config.forecastStateTtl, config.holidayCalendars))
                .uid("segment-forecaster").name("segment volume forecaster");
        forecasts.addSink(forecastSink).uid("forecast-sink").name("forecasts (CQL)");

        // The schedule: each window's tables, decided ahead from the forecasts, final.
        DataStream<WindowSighting> sightings = segmented.flatMap(new FirstSightOfWindow())
                .uid("window-sightings").name("first sight of window");
        DataStream<VolumeSignal> volume = forecasts.map(VolumeSignal::of)
                .uid("forecast-signals").name("forecasts for the schedule")
                .union(forecasts.getSideOutput(SegmentVolumeForecaster.CLOSED_HOURS).map(VolumeSignal::of)
                        .uid("closed-hour-signals").name("closed hours for the schedule"));
        HotKeyRule hotKeys = new HotKeyRule(config.hotKeyShare, config.routingInterval, config.rowsPerTable);
        if (hotKeys.enabled()) {
            // Busy users' hours, counted exactly per user (so a plan made again after a restart is the same).
            volume = volume.union(segmented.keyBy(r -> r.txn.userId, Types.STRING)
                    .process(new HotUserCounter(hotKeys.reportFloorPerHour(), USER_COUNT_TTL))
                    .uid("busy-user-hours").name("busy user hours")
                    .map(VolumeSignal::of).uid("busy-user-signals").name("busy user hours for the schedule"));
        }
        SingleOutputStreamOperator<WindowPlan> plans = volume.keyBy(v -> 0, Types.INT)
                .connect(sightings.keyBy(w -> 0, Types.INT))
                .process(new WindowScheduler(windows, new PlanningLimits(config.rowsPerTable,
                        config.shardsPerSegment, config.tablesPerWindow),
                        new ShardPlacement(config.routingInterval, config.virtualNodes), hotKeys,
                        new SplitRule(config.splitFactor, config.splitLead, 2 * config.shardsPerSegment,
                                config.tablesPerWindow), config.planLead,
                        planRetention(),
                        config.premakeWindows, config.premakeInterval))
                .uid("window-scheduler").name("window scheduler").setParallelism(1);

        // Records follow their window's plan into its tables.
        SingleOutputStreamOperator<RoutedTransaction> routed = segmented
                .connect(plans.broadcast(RouteBySchedule.PLANS))
                .process(new RouteBySchedule(windows, planRetention()))
                .uid("route").name("route by schedule");
        routed.keyBy(new ShardKey.Selector())
                .addSink(tableSink).uid("table-sink").name("window tables (CQL)");

        plans.getSideOutput(WindowScheduler.OUTCOMES)
                .addSink(outcomeSink).uid("window-outcome-sink").name("window outcomes (CQL)").setParallelism(1);

        plans.getSideOutput(WindowScheduler.ALLOCATIONS)
                .union(routed.getSideOutput(RouteBySchedule.SHARED_TABLE_SEGMENTS))
                .addSink(tableManager).uid("table-manager").name("table manager (DDL)")
                .setParallelism(1);
    }

    /**
     * Each record's segment and window: by the behavioral rules when there are some (keyed by user with the users'
     * profiles, rule versions broadcast, moves to the catalog, unreadable control records to the dead letters), else
     * as the record names it.
     */
    private DataStream<RoutedTransaction> segments(StreamExecutionEnvironment env, DataStream<Transaction> valid,
                                                   TimeWindows windows, List<DataStream<DeadLetter>> deadLetters) {
        if (config.segmentRules == null) {
            return valid.map(new AssignSegment(new ExplicitOrDefaultSegmentAssigner(config.defaultSegment), windows))
                    .uid("assign-segment").name("segment and window");
        }
        // Like external events, the control records never hold event time back: a quiet topic is the normal case.
        SingleOutputStreamOperator<UserInput> profiles = env.fromSource(segmentControlSource,
                        WatermarkStrategy.<SegmentControl>noWatermarks(), "segment control")
                .uid("segment-control-source").name("user profiles and segment rules (Kafka)")
                .process(new ValidateSegmentControl()).uid("validate-segment-control")
                .name("validate profiles and rules");
        deadLetters.add(profiles.getSideOutput(SideOutputs.DEAD_LETTERS));
        DataStream<UserInput> users = valid.map(UserInput::of).uid("transactions-as-user-input")
                .name("transactions for the segment assigner")
                .union(profiles.assignTimestampsAndWatermarks(new NeverHoldsEventTime<>())
                        .uid("profiles-watermarks").name("profiles never hold event time"));
        DataStream<SegmentControl> ruleVersions = profiles.getSideOutput(ValidateSegmentControl.RULE_VERSIONS)
                .assignTimestampsAndWatermarks(new NeverHoldsEventTime<>())
                .uid("rule-versions-watermarks").name("rule versions never hold event time");
        SingleOutputStreamOperator<RoutedTransaction> assigned = users.keyBy(UserInput::userId, Types.STRING)
                .connect(ruleVersions.broadcast(AssignBehavioralSegment.RULES))
                .process(new AssignBehavioralSegment(config.segmentRules, windows, config.userStateTtl,
                        config.profileTtl))
                .uid("behavioral-segment").name("behavioral segment and window");
        assigned.getSideOutput(AssignBehavioralSegment.SEGMENT_MOVES).addSink(segmentMoveSink)
                .uid("segment-move-sink").name("segment moves (CQL)");
        return assigned;
    }

    /** Plans are kept as long as records of their window may still arrive: the retention and one window. */
    private Duration planRetention() {
        return config.retention.plus(config.window);
    }

    /** The transactions source the configuration describes; every record comes out accepted or with a reason. */
    public static KafkaSource<SourceRecord> kafkaSource(JobConfig config) {
        OffsetsInitializer start;
        switch (config.startingOffsets) {
            case "earliest":
                start = OffsetsInitializer.earliest();
                break;
            case "latest":
                start = OffsetsInitializer.latest();
                break;
            default:
                start = OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
        var builder = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(config.kafkaBootstrap)
                .setTopics(config.kafkaTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(start)
                .setDeserializer(new TransactionDeserializationSchema(config.validationRules()))
                .setProperties(config.kafkaSecurity.clientProperties())
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (config.bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * The external-events source. A job without a checkpoint reads the topic from the beginning, whatever offsets its
     * group committed: the events are broadcast state, and a fresh job's state is empty. Keep the topic compacted
     * (by event id) or retained for as long as the forecaster's history.
     */
    public static KafkaSource<EventNotice> eventSource(JobConfig config) {
        return stateTopicSource(config, "-events", new ExternalEventDeserializationSchema(), config.eventsTopic);
    }

    /**
     * The source of user profiles and segment rule versions. Like the external events, a job without a checkpoint
     * reads both topics from the beginning: they are state (keep them compacted).
     */
    public static KafkaSource<SegmentControl> segmentControlSource(JobConfig config) {
        return stateTopicSource(config, "-segment-control",
                new SegmentControlDeserializationSchema(config.profilesTopic, config.rulesTopic), config.profilesTopic,
                config.rulesTopic);
    }

    /** A source of topics whose records are state: read from the beginning unless a checkpoint says where. */
    private static <T> KafkaSource<T> stateTopicSource(JobConfig config, String groupSuffix,
                                                       KafkaRecordDeserializationSchema<T> deserializer,
                                                       String... topics) {
        var builder = KafkaSource.<T>builder()
                .setBootstrapServers(config.kafkaBootstrap)
                .setTopics(topics)
                .setGroupId(config.groupId + groupSuffix)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(deserializer)
                .setProperties(config.kafkaSecurity.clientProperties())
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (config.bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** The dead-letter sink the configuration describes. */
    public static Sink<DeadLetter> deadLetterSink(JobConfig config) {
        return KafkaSink.<DeadLetter>builder()
                // First: it replaces every producer property set before it.
                .setKafkaProducerConfig(config.kafkaSecurity.clientProperties())
                .setBootstrapServers(config.kafkaBootstrap)
                .setRecordSerializer(new DeadLetterSerializationSchema(config.dlqTopic, config.dlqMaxRawBytes))
                .setDeliveryGuarantee(config.dlqExactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE
                        : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix)
                // Must stay below the broker's transaction.max.timeout.ms (15 min by default).
                .setProperty("transaction.timeout.ms", "600000")
                .build();
    }
}
