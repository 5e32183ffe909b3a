/**
 * The REST API under {@code /api}: DTO records in the shape DESIGN.md's contract fixes, errors as
 * RFC 9457 problem details.
 */
package io.pathwatch.api;
