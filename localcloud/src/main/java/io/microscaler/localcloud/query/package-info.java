/**
 * The awsQuery protocol shared by the ELBv2 and Auto Scaling emulations: form bodies with
 * {@code .member.N} lists in, XML results and {@code ErrorResponse}s out.
 */
package io.microscaler.localcloud.query;
