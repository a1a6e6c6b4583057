package io.microscaler.emitter;

import java.io.IOException;
import java.util.Objects;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletResponse;

/**
 * A Servlet 3.1 filter (javax.servlet: Tomcat 8.5 and 9, Jetty 9.4) that counts each request in
 * {@link RequestSummaries}: map it to every path, first in the chain. A request is in flight from
 * here until the chain returns, or, for an asynchronous request, until it completes, times out or
 * fails. An exception thrown by the chain counts as a 500.
 */
public final class ServletSummaryFilter implements Filter {

    private final RequestSummaries summaries;

    public ServletSummaryFilter(RequestSummaries summaries) {
        this.summaries = Objects.requireNonNull(summaries, "summaries");
    }

    @Override
    public void init(FilterConfig config) {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = summaries.begin();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                async = true;
                request.getAsyncContext().addListener(new Ending(start, response));
            }
        } catch (IOException | ServletException | RuntimeException e) {
            summaries.end(start, 500);
            throw e;
        }
        if (!async) {
            summaries.end(start, status(response));
        }
    }

    @Override
    public void destroy() {
    }

    private static int status(ServletResponse response) {
        return response instanceof HttpServletResponse http ? http.getStatus() : 200;
    }

    /** Ends an asynchronous request once, whichever way it ends. */
    private final class Ending implements AsyncListener {
        private final long start;
        private final ServletResponse response;
        private boolean ended;

        Ending(long start, ServletResponse response) {
            this.start = start;
            this.response = response;
        }

        private synchronized void end(int status) {
            if (!ended) {
                ended = true;
                summaries.end(start, status);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end(status(response));
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end(503);
        }

        @Override
        public void onError(AsyncEvent event) {
            end(500);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }
}
