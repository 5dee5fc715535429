package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.RemoteEndpointAwareJdkSSLOptions;
import com.datastax.shaded.netty.channel.socket.SocketChannel;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;

/**
 * TLS for the CQL driver that also checks the server certificate names the host connected to. The driver's own JDK
 * options only check the chain: any certificate the CA ever signed would be accepted for any node.
 */
public final class VerifyingSslOptions extends RemoteEndpointAwareJdkSSLOptions {
    public VerifyingSslOptions(SSLContext context) {
        super(context, null);
    }

    @Override
    protected SSLEngine newSSLEngine(SocketChannel channel, InetSocketAddress remoteEndpoint) {
        SSLEngine engine = super.newSSLEngine(channel, remoteEndpoint);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }
}
