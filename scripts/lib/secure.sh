# The secure profile of scripts/stack: a local certificate authority, the servers' key store, generated passwords
# and the CQL roles. Everything lives in $SECURE_DIR (mode 700, files 600); nothing secret is printed or logged.
# shellcheck shell=bash

# A random password of letters and digits: it is spliced into CQL role statements and JAAS lines, so no quoting.
new_password() {
  local p=""
  while (( ${#p} < 24 )); do p+="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"; done
  printf '%s' "${p:0:24}"
}

secret() { cat "$SECURE_DIR/$1.password"; }

# The Kafka admin user's login, for the broker's own inter-broker login and for scripts/stack's admin calls.
admin_jaas() {
  printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="%s";' \
    "$(secret kafka-admin)"
}

# Passwords of the CQL roles (admin, ddl, writer) and Kafka users (admin: the broker itself and scripts/stack;
# tablecast: the job and the tools). Made once; the roles and the broker's SCRAM store are made from them.
make_secrets() {
  mkdir -p "$SECURE_DIR" && chmod 700 "$SECURE_DIR"
  local name
  for name in cassandra-admin cassandra-ddl cassandra-writer kafka-admin kafka-tablecast store; do
    [[ -s "$SECURE_DIR/$name.password" ]] && continue
    (umask 077 && new_password >"$SECURE_DIR/$name.password")
  done
}

# A CA made here and a server certificate it signs for the loopback names. Clients trust ca.pem (a PEM file: no
# trust store password to manage); both servers present server.p12.
make_certs() {
  [[ -s "$SECURE_DIR/server.p12" && -s "$SECURE_DIR/ca.pem" ]] && return 0
  require_tool keytool "comes with the JDK"
  local pass san="ip:127.0.0.1,dns:localhost"
  pass="$(secret store)"
  for host in "$CASSANDRA_HOST" "$KAFKA_HOST"; do
    local entry="dns:$host"
    [[ "$host" =~ ^[0-9.]+$ ]] && entry="ip:$host"
    [[ ",$san," == *",$entry,"* ]] || san+=",$entry"
  done
  rm -f "$SECURE_DIR/ca.p12" "$SECURE_DIR/server.p12" "$SECURE_DIR/ca.pem" "$SECURE_DIR/server.pem"
  (
    umask 077
    cd "$SECURE_DIR"
    keytool -genkeypair -alias ca -keyalg RSA -keysize 2048 -dname "CN=tablecast local CA" -ext bc:c \
      -validity 3650 -storetype PKCS12 -keystore ca.p12 -storepass "$pass" >/dev/null 2>&1
    keytool -exportcert -rfc -alias ca -keystore ca.p12 -storepass "$pass" -file ca.pem >/dev/null 2>&1
    keytool -genkeypair -alias server -keyalg RSA -keysize 2048 -dname "CN=localhost" -validity 825 \
      -storetype PKCS12 -keystore server.p12 -storepass "$pass" >/dev/null 2>&1
    keytool -certreq -alias server -keystore server.p12 -storepass "$pass" 2>/dev/null \
      | keytool -gencert -alias ca -keystore ca.p12 -storepass "$pass" -rfc -validity 825 -ext "SAN=$san" \
          -ext KU=digitalSignature,keyEncipherment -ext EKU=serverAuth -outfile server.pem >/dev/null 2>&1
    keytool -importcert -noprompt -alias ca -file ca.pem -keystore server.p12 -storepass "$pass" >/dev/null 2>&1
    keytool -importcert -alias server -file server.pem -keystore server.p12 -storepass "$pass" >/dev/null 2>&1
  ) || die "could not make the local certificates in $SECURE_DIR"
  chmod 644 "$SECURE_DIR/ca.pem"
  log "secure: local CA ($SECURE_DIR/ca.pem) and server certificate for $san made"
}

# Compiled once against Cassandra's own jars (scripts/lib/CqlAdmin.java).
cql_admin() {
  local classes="$SECURE_DIR/classes"
  if [[ ! -f "$classes/CqlAdmin.class" || "$REPO_ROOT/scripts/lib/CqlAdmin.java" -nt "$classes/CqlAdmin.class" ]]; then
    mkdir -p "$classes"
    javac -nowarn -d "$classes" -cp "$CASS_DIR/lib/*" "$REPO_ROOT/scripts/lib/CqlAdmin.java" >"$SECURE_DIR/javac.log" 2>&1 \
      || die "could not compile CqlAdmin; see $SECURE_DIR/javac.log"
  fi
  java -Xmx128m -Dlogback.configurationFile="$CASS_DIR/conf/tools-logback.xml" -cp "$classes:$CASS_DIR/lib/*" CqlAdmin "$@"
}

cassandra_secure_yaml() {
  cat <<YAML
authenticator: PasswordAuthenticator
authorizer: CassandraAuthorizer
role_manager: CassandraRoleManager
client_encryption_options:
  enabled: true
  optional: false
  keystore: $SECURE_DIR/server.p12
  keystore_password: $(secret store)
  store_type: PKCS12
  require_client_auth: false
YAML
}

# The client settings scripts/stack uses for its own Kafka calls (topics, liveness), as the admin user.
write_kafka_admin_client_conf() {
  (umask 077 && cat >"$SECURE_DIR/kafka-admin.properties" <<PROPS
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(admin_jaas)
ssl.truststore.type=PEM
ssl.truststore.location=$SECURE_DIR/ca.pem
PROPS
  )
}

kafka_secure_properties() {
  cat <<PROPS
listeners=SASL_SSL://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_SSL://$KAFKA_HOST:$KAFKA_PORT
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$(admin_jaas)
ssl.keystore.type=PKCS12
ssl.keystore.location=$SECURE_DIR/server.p12
ssl.keystore.password=$(secret store)
ssl.truststore.type=PEM
ssl.truststore.location=$SECURE_DIR/ca.pem
PROPS
}

# SCRAM credentials written into the metadata log when the storage is formatted, before the broker first starts.
kafka_scram_format_args() {
  printf '%s\n' --add-scram "SCRAM-SHA-512=[name=admin,password=$(secret kafka-admin)]" \
    --add-scram "SCRAM-SHA-512=[name=tablecast,password=$(secret kafka-tablecast)]"
}

# Job settings for the secure stack, for 'scripts/submit --config': where the secrets are, never the secrets.
write_job_config() {
  cat >"$SECURE_DIR/job.yaml" <<YAML
# Made by scripts/stack up --secure. Passwords are read from the files named here, on the Flink hosts, when each
# connection is made. scripts/submit adds the brokers' and the CQL node's address from KAFKA_PORT / CASSANDRA_PORT.
kafka.security-protocol: SASL_SSL
kafka.sasl-mechanism: SCRAM-SHA-512
kafka.sasl-username: tablecast
kafka.sasl-password-file: $SECURE_DIR/kafka-tablecast.password
kafka.tls-ca-file: $SECURE_DIR/ca.pem
cassandra.keyspace: $SECURE_KEYSPACE
cassandra.username: tablecast_writer
cassandra.password-file: $SECURE_DIR/cassandra-writer.password
cassandra.ddl-username: tablecast_ddl
cassandra.ddl-password-file: $SECURE_DIR/cassandra-ddl.password
cassandra.tls-ca-file: $SECURE_DIR/ca.pem
YAML
}
