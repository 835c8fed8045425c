package dev.kortana.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/** A data source that counts the statements prepared and the transactions committed through it. */
final class StatementCounter {

    private final DataSource target;
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();

    StatementCounter(DataSource target) {
        this.target = target;
    }

    /** {statements prepared, transactions committed} so far. */
    long[] counts() {
        return new long[] {statements.get(), commits.get()};
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? counting(c) : result;
                });
    }

    private Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "prepareStatement", "prepareCall", "createStatement" -> statements.incrementAndGet();
                        case "commit" -> commits.incrementAndGet();
                        default -> { }
                    }
                    return invoke(connection, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
