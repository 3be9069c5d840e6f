package dev.morello.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2DataChunkedInput;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The bench on Netty 4.2: native epoll when it loads (NIO otherwise), one group of 2 event loops
 * that both accepts and serves, and {@link HttpServerCodec} without an aggregator (the bench's
 * requests have no body).
 *
 * <p>Pipelining: the codec hands over every request of a read in order; responses are written
 * as they are made and flushed once when the read is done, which is Netty's usual pattern.
 */
final class NettyServer implements BenchServer {
    private static final int EVENT_LOOPS = 2;
    private static final AsciiString SERVER = AsciiString.cached("Netty");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached(Payloads.TEXT_PLAIN);
    private static final AsciiString APPLICATION_JSON = AsciiString.cached(Payloads.APPLICATION_JSON);
    /** The constant plaintext body, direct so that epoll writes it without a copy; never released. */
    private static final ByteBuf PLAINTEXT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(Payloads.PLAINTEXT.length).writeBytes(Payloads.PLAINTEXT)).asReadOnly();

    private final boolean epoll = Epoll.isAvailable();
    private final BenchTls tls;
    private final Path staticDir;
    private EventLoopGroup group;
    private Channel channel;

    NettyServer() {
        this(null, null);
    }

    /**
     * Over TLS (Netty's {@link SslHandler} on the JDK's provider) when {@code tls} is given; then
     * also serving {@code staticDir}'s files at /static/ when it is given, as Netty serves a file
     * over TLS: read in chunks ({@link ChunkedNioFile}) and encrypted, since no file region can
     * go through TLS.
     */
    NettyServer(BenchTls tls, Path staticDir) {
        this.tls = tls;
        this.staticDir = tls == null && !H2C ? null : staticDir;
    }

    /** {@code -Dbench.h2c=true}: h2c beside HTTP/1.1 on the plain port. */
    private static final boolean H2C = BenchServer.h2c();

    /**
     * Put in place when a connection opens with the HTTP/2 preface: Netty's frame codec, and the
     * multiplexer that gives each stream a child channel of its own with {@link H2Endpoints}.
     */
    private static final class Http2Pipeline extends ChannelInboundHandlerAdapter {
        private final ChannelHandler streams;

        Http2Pipeline(ChannelHandler streams) {
            this.streams = streams;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            // the multiplexer looks for the codec when it is added: the codec goes in first
            ctx.pipeline().replace(this, "h2-codec", Http2FrameCodecBuilder.forServer().build());
            ctx.pipeline().addAfter("h2-codec", "h2-streams", new Http2MultiplexHandler(streams));
        }
    }

    /** One HTTP/2 stream's request: the same answers as {@link Endpoints}, as HEADERS and DATA frames. */
    private static final class H2Endpoints extends ChannelInboundHandlerAdapter {
        private static final AsciiString OK = AsciiString.cached("200");
        private static final AsciiString NOT_FOUND = AsciiString.cached("404");
        private final Path staticDir;

        H2Endpoints(Path staticDir) {
            this.staticDir = staticDir;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame frame) {
                    respond(ctx, frame.headers().path().toString());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx, String target) {
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            if (staticDir != null && path.startsWith("/static/") && sendFile(ctx, path.substring("/static/".length()))) {
                return;
            }
            ByteBuf body;
            Http2Headers headers;
            switch (path) {
                case Payloads.PLAINTEXT_PATH -> {
                    body = PLAINTEXT.duplicate();
                    headers = headers(OK, TEXT_PLAIN);
                }
                case Payloads.JSON_PATH -> {
                    body = Unpooled.wrappedBuffer(Payloads.json());
                    headers = headers(OK, APPLICATION_JSON);
                }
                default -> {
                    body = Unpooled.wrappedBuffer(Payloads.NOT_FOUND);
                    headers = headers(NOT_FOUND, TEXT_PLAIN);
                }
            }
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            ctx.write(new DefaultHttp2HeadersFrame(headers), ctx.voidPromise());
            ctx.write(new DefaultHttp2DataFrame(body, true), ctx.voidPromise());
        }

        private static Http2Headers headers(AsciiString status, AsciiString type) {
            Http2Headers headers = new DefaultHttp2Headers().status(status);
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, HttpDate.now());
            return headers;
        }

        /** A file of the static directory, read in chunks into DATA frames; false when there is no such file. */
        private boolean sendFile(ChannelHandlerContext ctx, String name) {
            if (name.isEmpty() || name.contains("/") || name.contains("..")) {
                return false;
            }
            FileChannel ch;
            long length;
            try {
                ch = FileChannel.open(staticDir.resolve(name), StandardOpenOption.READ);
                length = ch.size();
            } catch (IOException e) {
                return false;
            }
            Http2Headers headers = new DefaultHttp2Headers().status(OK);
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            headers.setLong(HttpHeaderNames.CONTENT_LENGTH, length);
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, HttpDate.now());
            ctx.write(new DefaultHttp2HeadersFrame(headers), ctx.voidPromise());
            try {
                ctx.write(new Http2DataChunkedInput(new ChunkedNioFile(ch, 0, length, 16 * 1024),
                        ((Http2StreamChannel) ctx.channel()).stream()));
            } catch (IOException e) {
                ctx.close();
            }
            return true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void start(String host, int port) throws Exception {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        group = new MultiThreadIoEventLoopGroup(EVENT_LOOPS, io);
        Endpoints endpoints = new Endpoints(staticDir);
        ChannelInitializer<Channel> h2Streams = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel stream) {
                stream.pipeline().addLast(new ChunkedWriteHandler(), new H2Endpoints(staticDir));
            }
        };
        SslContext ssl = tls == null ? null
                : SslContextBuilder.forServer(tls.keyManagers()).sslProvider(SslProvider.JDK).build();
        channel = new ServerBootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        if (H2C && ssl == null) {
                            // h2c by prior knowledge (a connection that opens with HTTP/2's preface),
                            // or an HTTP/1.1 upgrade; anything else stays HTTP/1.1 for Endpoints
                            HttpServerCodec codec = new HttpServerCodec();
                            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                                            ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                                                    new Http2MultiplexHandler(h2Streams))
                                            : null);
                            ch.pipeline().addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new Http2Pipeline(h2Streams)));
                            if (staticDir != null) {
                                ch.pipeline().addLast(new ChunkedWriteHandler());
                            }
                            ch.pipeline().addLast(endpoints);
                            return;
                        }
                        ch.pipeline().addLast(new HttpServerCodec());
                        if (staticDir != null) {
                            ch.pipeline().addLast(new ChunkedWriteHandler());
                        }
                        if (WEBSOCKETS) {
                            ch.pipeline().addLast(new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                            .websocketPath("/ws").checkStartsWith(true).build()),
                                    new Sockets());
                        }
                        ch.pipeline().addLast(endpoints);
                    }
                })
                .bind(host, port).sync().channel();
    }

    /**
     * {@code -Dbench.websocket=true}: the WebSocket lines' endpoints (see {@code BenchSockets}),
     * by Netty's own WebSocket handlers. Off for the other lines, whose pipeline they would
     * lengthen (the aggregator they need sits in every request's path).
     */
    private static final boolean WEBSOCKETS = Boolean.getBoolean("bench.websocket");
    private static final AttributeKey<String> PATH = AttributeKey.valueOf("bench.ws.path");
    private static final ChannelGroup LISTENERS = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    /** {@code /ws/echo} echoes text; on {@code /ws/broadcast}, {@code pub:TEXT} goes to every listener. */
    private static final class Sockets extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                String uri = done.requestUri();
                ctx.channel().attr(PATH).set(uri);
                if (uri.equals("/ws/broadcast")) {
                    LISTENERS.add(ctx.channel());
                }
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof TextWebSocketFrame frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                String text = frame.text();
                if ("/ws/broadcast".equals(ctx.channel().attr(PATH).get())) {
                    if (text.startsWith("pub:")) {
                        LISTENERS.writeAndFlush(new TextWebSocketFrame(text.substring(4)));
                    }
                } else {
                    ctx.write(new TextWebSocketFrame(text), ctx.voidPromise());
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.fireChannelReadComplete();
        }
    }

    @ChannelHandler.Sharable
    private static final class Endpoints extends ChannelInboundHandlerAdapter {
        private final Path staticDir;

        Endpoints(Path staticDir) {
            this.staticDir = staticDir;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    respond(ctx, request);
                }
            } finally {
                // The codec's content parts (empty here) are reference counted; requests are not.
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                FullHttpResponse bad = response(HttpResponseStatus.BAD_REQUEST, TEXT_PLAIN, Unpooled.EMPTY_BUFFER);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            if (staticDir != null && path.startsWith("/static/") && sendFile(ctx, request, path.substring("/static/".length()))) {
                return;
            }
            FullHttpResponse response = switch (path) {
                case Payloads.PLAINTEXT_PATH -> response(HttpResponseStatus.OK, TEXT_PLAIN, PLAINTEXT.duplicate());
                case Payloads.JSON_PATH ->
                        response(HttpResponseStatus.OK, APPLICATION_JSON, Unpooled.wrappedBuffer(Payloads.json()));
                default -> response(HttpResponseStatus.NOT_FOUND, TEXT_PLAIN, Unpooled.wrappedBuffer(Payloads.NOT_FOUND));
            };
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            // Adds "Connection: keep-alive" for an HTTP/1.0 client that asked, nothing on 1.1.
            HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keepAlive);
            if (keepAlive) {
                ctx.write(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse response(HttpResponseStatus status, AsciiString type, ByteBuf body) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, HttpDate.now());
            return response;
        }

        /** Sends a file of the static directory; false when there is no such file. */
        private boolean sendFile(ChannelHandlerContext ctx, HttpRequest request, String name) {
            if (name.isEmpty() || name.contains("/") || name.contains("..")) {
                return false;
            }
            Path file = staticDir.resolve(name);
            FileChannel ch;
            long length;
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
                length = ch.size();
            } catch (IOException e) {
                return false;
            }
            HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, HttpDate.now());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keepAlive);
            ctx.write(response, ctx.voidPromise());
            try {
                var body = ctx.write(new HttpChunkedInput(new ChunkedNioFile(ch, 0, length, 16 * 1024)));
                if (!keepAlive) {
                    ctx.flush();
                    body.addListener(ChannelFutureListener.CLOSE);
                }
            } catch (IOException e) {
                ctx.close();
            }
            return true;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A reset or a broken client; nothing to answer on this connection any more.
            ctx.close();
        }
    }

    @Override
    public String description() {
        return "Netty 4.2, " + (epoll ? "epoll" : "NIO (epoll unavailable)") + ", " + EVENT_LOOPS + " event loops"
                + (tls == null ? "" : ", TLS (SslHandler, JDK provider)")
                + (H2C && tls == null ? ", h2c (Http2FrameCodec, Http2MultiplexHandler)" : "") + (staticDir == null ? "" : "; /static/ from " + staticDir);
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
