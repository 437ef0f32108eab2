// Package spring reads Spring Boot configuration (application.yml, application.properties,
// their profile-specific variants and bootstrap.*) into one hop: the embedded web server's
// listener, and the application's client pools — the Spring Cloud Gateway HTTP client
// (Reactor Netty), HikariCP with its JDBC URL as target, and OpenFeign clients.
//
// Keys are matched as Spring's relaxed binding does: kebab-case, camelCase, snake_case and
// environment-variable forms name the same property. Every timeout is read with the unit
// rule of the Java type behind it: a java.time.Duration takes ISO-8601 (PT3S) or Spring's
// simple form (3s, 500ms) and reads a bare number in milliseconds (no property read here
// carries @DurationUnit); an Integer or long (HikariCP, Feign, the gateway's
// connect-timeout) takes only a number of milliseconds, and Spring fails to start on
// "5s" there, which is reported.
package spring
