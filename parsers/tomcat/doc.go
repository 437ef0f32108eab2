// Package tomcat reads Apache Tomcat's server.xml into one server hop: a listener for every
// <Connector>, answering on its port (and address) and to the names of the <Host> elements
// (and their <Alias>es) of its <Service>'s <Engine>.
//
// Read per connector: port and address; keepAliveTimeout, which Tomcat takes from
// connectionTimeout when it is not set, as the listener's idle timeout; connectionTimeout as
// the listener's request timeout; maxKeepAliveRequests="1", which turns keep-alive off (the
// connector closes after each response, so nothing can race its idle timer). Values are
// milliseconds, -1 (or 0) means no timeout. A value written as a ${property} placeholder is
// substituted by Tomcat at start-up and stays unknown here.
//
// The XML is read with encoding/xml; every position is computed from the decoder's
// InputOffset, and attribute values are located in the element's raw text.
package tomcat
