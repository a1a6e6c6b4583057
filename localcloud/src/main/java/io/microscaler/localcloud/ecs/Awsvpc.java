package io.microscaler.localcloud.ecs;

import java.util.List;

/**
 * awsvpc networking: the {@code networkConfiguration.awsvpcConfiguration} a RunTask or CreateService
 * gives, and the network interface each such task then gets.
 */
public final class Awsvpc {

    /** What the caller asked for: subnets (at least one), security groups, a public IP or not. */
    public record Configuration(List<String> subnets, List<String> securityGroups, String assignPublicIp) {

        public Configuration {
            subnets = List.copyOf(subnets);
            securityGroups = List.copyOf(securityGroups);
        }
    }

    /**
     * One task's elastic network interface: its own loopback address ({@link AddressPool}) in the
     * first subnet asked for, in a zone that follows from the address.
     */
    public record Interface(String attachmentId, String eniId, String subnetId, String privateIp, String macAddress,
                            String availabilityZone) {
    }

    private Awsvpc() {
    }
}
