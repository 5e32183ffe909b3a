/** Paths found in AWS instead of listed: interface VPC endpoints that carry pathwatch's tags, turned into path settings. */
package io.pathwatch.discovery;
