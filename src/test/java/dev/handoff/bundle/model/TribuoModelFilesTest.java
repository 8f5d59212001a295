package dev.handoff.bundle.model;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.handoff.bundle.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TribuoModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesProtobufModelProvenanceAndSchema() throws Exception {
        Model<Label> model = TinyModels.logistic();
        TribuoModelFiles.write(model, dir);
        Model<?> loaded = TribuoModelFiles.readModel(dir.resolve(TribuoModelFiles.MODEL_FILE));
        assertEquals(model.getProvenance(), loaded.getProvenance());

        String json = Files.readString(dir.resolve(TribuoModelFiles.PROVENANCE_FILE));
        var unmarshalled = ProvenanceUtil.unmarshalProvenance(new JsonProvenanceSerialization(true).deserializeFromString(json));
        assertEquals(model.getProvenance(), unmarshalled, "provenance.json is olcut's JSON and reads back");
        assertTrue(Files.readString(dir.resolve(TribuoModelFiles.SCHEMA_FILE)).contains("\"onnx_type\" : \"float32\""));
    }

    @Test
    void refusesModelsNamingClassesOutsideTribuo() throws Exception {
        Path file = dir.resolve("evil.tribuo");
        try (OutputStream out = Files.newOutputStream(file)) {
            ModelProto.newBuilder().setClassName("com.example.Gadget").setVersion(0).build().writeTo(out);
        }
        IOException e = assertThrows(IOException.class, () -> TribuoModelFiles.readModel(file));
        assertTrue(e.getMessage().contains("com.example.Gadget"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()));
    }

    @Test
    void refusesJavaSerializedModels() throws Exception {
        Path file = dir.resolve("java.ser");
        try (OutputStream out = Files.newOutputStream(file); ObjectOutputStream oos = new ObjectOutputStream(out)) {
            oos.writeObject(TinyModels.cart());
        }
        IOException e = assertThrows(IOException.class, () -> TribuoModelFiles.readModel(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }
}
