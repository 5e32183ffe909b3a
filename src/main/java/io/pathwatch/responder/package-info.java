/**
 * The responder: a Netty server that answers HELLO and ECHO frames within strict bounds (frame
 * size, connections, frames per second, idle time), started and stopped with Spring.
 */
package io.pathwatch.responder;
