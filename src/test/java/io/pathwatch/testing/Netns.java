package io.pathwatch.testing;

/**
 * One network namespace a test creates (loopback up) and deletes on close: its own ports, port
 * range and firewall, so a test can exhaust or break them without touching the host's.
 */
public final class Netns implements AutoCloseable {

    public final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Why namespaces cannot be used here, or null if they can (iproute2, root). */
    public static String missing() {
        if (!Tools.onPath("ip")) {
            return "iproute2 (ip) is not installed";
        }
        String probe = "pw-check-" + ProcessHandle.current().pid();
        if (NetnsHosts.run("ip", "netns", "add", probe) != 0) {
            return "cannot create network namespaces (needs root and ip netns)";
        }
        NetnsHosts.run("ip", "netns", "del", probe);
        return null;
    }

    /** A new namespace named after {@code tag} and this JVM, loopback up. */
    public static Netns create(String tag) {
        Netns ns = new Netns("pw-" + tag + "-" + ProcessHandle.current().pid());
        NetnsHosts.run("ip", "netns", "del", ns.name); // a leftover of a crashed run of this pid
        ns.must("ip", "netns", "add", ns.name);
        ns.must("ip", "-n", ns.name, "link", "set", "lo", "up");
        return ns;
    }

    /** Runs a command inside the namespace; throws if it fails. */
    public void exec(String... cmd) {
        String[] full = new String[cmd.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = name;
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        must(full);
    }

    /** Runs a command (on the host, e.g. {@code ip -n NAME ...}); throws if it fails. */
    public void must(String... cmd) {
        int rc = NetnsHosts.run(cmd);
        if (rc != 0) {
            throw new IllegalStateException("exit " + rc + ": " + String.join(" ", cmd));
        }
    }

    @Override
    public void close() {
        NetnsHosts.run("ip", "netns", "del", name);
    }
}
