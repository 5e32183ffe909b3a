/**
 * Configuration under the prefix {@code pathwatch}: immutable, validated records. A bad value
 * stops start-up with a message that names the key.
 */
package io.pathwatch.config;
