package io.microscaler.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.servlet.AsyncContext;
import javax.servlet.DispatcherType;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

/** The filter in a real servlet container (Jetty 9.4): plain, failing, throwing and asynchronous requests. */
class ServletSummaryFilterTest {

    @Test
    void countsEveryRequestWithItsStatusAsynchronousOnesWhenTheyComplete() throws Exception {
        RequestSummaries summaries = new RequestSummaries();
        CompletableFuture<AsyncContext> pending = new CompletableFuture<>();
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new ServletSummaryFilter(summaries)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
                switch (req.getPathInfo()) {
                    case "/fail" -> resp.sendError(503);
                    case "/throw" -> throw new IllegalStateException("broken tile");
                    case "/async" -> pending.complete(req.startAsync()); // the test ends it, later

                    default -> resp.getWriter().write("tile");
                }
            }
        }), "/*");
        ServletHolder asyncHolder = context.getServletHandler().getServlets()[0];
        asyncHolder.setAsyncSupported(true);
        context.getServletHandler().getFilters()[0].setAsyncSupported(true);
        jetty.setHandler(context);
        jetty.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            int port = connector.getLocalPort();
            for (String path : new String[] {"/tile", "/tile", "/fail", "/throw"}) {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            var asyncResponse = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/async"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            AsyncContext async = pending.get(5, TimeUnit.SECONDS);
            assertThat(summaries.inFlight()).as("the asynchronous request, not complete yet").isEqualTo(1);
            // its status is known only now, long after the chain returned: a filter that ended it
            // there would have counted the 200 it had then
            ((HttpServletResponse) async.getResponse()).setStatus(503);
            async.complete();
            assertThat(asyncResponse.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
            await().atMost(Duration.ofSeconds(5)).until(() -> summaries.inFlight() == 0);
        } finally {
            jetty.stop();
        }

        RequestSummaries.Interval interval = summaries.drain();

        assertThat(interval.count()).isEqualTo(5);
        assertThat(interval.errors()).as("two 503s and the exception's 500").isEqualTo(3);
        assertThat(interval.inFlight()).isZero();
    }
}
