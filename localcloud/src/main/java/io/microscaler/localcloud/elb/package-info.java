/**
 * The Elastic Load Balancing v2 emulation: target groups of instances or IP addresses, their targets' health
 * checks and draining, over awsQuery; and the healthy-target snapshot the local load balancer reads.
 */
package io.microscaler.localcloud.elb;
