/**
 * CherryPy's tutorials ({@code cherrypy/tutorial/tut01_helloworld.py} to
 * {@code tut10_http_errors.py}) in Java, one class each, named as the Python module is: the
 * request handler classes it defines, nested, and a {@code main} that serves them as
 * {@code cherrypy.quickstart} does. {@code java -jar morello-examples.jar tut01} (to
 * {@code tut10}) runs one; each has a test that checks what CherryPy's {@code test_tutorials.py}
 * checks.
 */
package dev.morello.examples.tutorial;
