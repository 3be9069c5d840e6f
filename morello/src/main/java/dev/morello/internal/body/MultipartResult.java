package dev.morello.internal.body;

import dev.morello.Part;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A parsed {@code multipart/form-data} body.
 *
 * @param params the named parts: a {@code String} for a field, a {@link Part} for a file, a
 *     {@code List} of those for a repeated name (see {@link Params})
 * @param parts the parts without a name, in order (CherryPy's {@code request.body.parts})
 */
public record MultipartResult(LinkedHashMap<String, Object> params, List<Part> parts) {
    /** Deletes the temporary files of every part; the framework calls it when the request ends. */
    public void delete() {
        for (Object value : params.values()) {
            if (value instanceof Part part) {
                part.delete();
            } else if (value instanceof List<?> values) {
                for (Object v : values) {
                    if (v instanceof Part part) {
                        part.delete();
                    }
                }
            }
        }
        parts.forEach(Part::delete);
    }
}
