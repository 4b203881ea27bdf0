package io.github.spencerpark.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/** A stand-in for jupyter-jvm-basekernel's DisplayData, with the members the kit calls. */
public class DisplayData {
    public final Map<String, Object> data = new LinkedHashMap<>();
    private String displayId;

    public DisplayData(String text) {
        data.put("text/plain", text);
    }

    public void putData(String mimeType, Object value) {
        data.put(mimeType, value);
    }

    public void setDisplayId(String id) {
        displayId = id;
    }

    public String getDisplayId() {
        return displayId;
    }
}
