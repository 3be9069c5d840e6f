package scaffold;

import dev.morello.Expose;

/**
 * The root CherryPy's scaffold config names ({@code cherrypy.Application(scaffold.root, "/",
 * "example.conf")}): a class at that name, so the sample file loads unchanged.
 */
public class root {
    @Expose
    public String index() {
        return "scaffold index";
    }
}
