/**
 * Alerts: every state change and every hang becomes an {@link io.pathwatch.alert.Alert}, delivered
 * to the structured log and, through on-disk spools with retry and backoff, to webhooks and SNS.
 */
package io.pathwatch.alert;
