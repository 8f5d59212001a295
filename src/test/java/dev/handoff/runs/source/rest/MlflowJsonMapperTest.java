package dev.handoff.runs.source.rest;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.handoff.runs.ArtifactRef;
import dev.handoff.runs.Experiment;
import dev.handoff.runs.LifecycleStage;
import dev.handoff.runs.MetricSeries;
import dev.handoff.runs.Run;
import dev.handoff.runs.RunStatus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@link MlflowJsonMapper}: MLflow's REST JSON, as old and new servers write it, to the domain records. */
class MlflowJsonMapperTest {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void experimentWithInt64AsStringOrNumberAndTags() throws Exception {
        Experiment e = MlflowJsonMapper.experiment(json("{'experiment_id':'3','name':'churn','artifact_location':"
                + "'mlflow-artifacts:/3','lifecycle_stage':'deleted','creation_time':'17','last_update_time':18,"
                + "'tags':[{'key':'team','value':'risk'},{'key':'empty'}]}"));
        assertEquals("3", e.id());
        assertEquals("churn", e.name());
        assertEquals("mlflow-artifacts:/3", e.artifactLocation());
        assertEquals(LifecycleStage.DELETED, e.lifecycleStage());
        assertEquals(17L, e.creationTime());
        assertEquals(18L, e.lastUpdateTime());
        assertEquals("risk", e.tags().get("team"));
        assertEquals("", e.tags().get("empty"));
        Experiment minimal = MlflowJsonMapper.experiment(json("{'experiment_id':'0','name':'Default'}"));
        assertEquals(-1L, minimal.creationTime());
        assertEquals(LifecycleStage.ACTIVE, minimal.lifecycleStage());
    }

    @Test
    void missingRequiredFieldIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MlflowJsonMapper.experiment(json("{'experiment_id':'1'}")));
        assertEquals("field 'name' is missing", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlflowJsonMapper.run(json("{'info':{'run_id':'a'}}")));
        assertEquals("field 'experiment_id' is missing", e.getMessage());
    }

    @Test
    void runWithParamsTagsAndTheLatestOfEachMetric() throws Exception {
        Run r = MlflowJsonMapper.run(json("{'info':{'run_uuid':'old-id','run_name':'r','experiment_id':'1',"
                + "'user_id':'ana','status':'FAILED','start_time':'5','end_time':null,'artifact_uri':'s3://b/1/old-id',"
                + "'lifecycle_stage':'active'},'data':{"
                + "'metrics':[{'key':'loss','value':0.9,'timestamp':1,'step':'1'},{'key':'loss','value':'NaN','timestamp':2,'step':3},"
                + "{'key':'loss','value':0.1,'timestamp':9,'step':2},{'key':'auc','value':'-Infinity','timestamp':1,'step':0}],"
                + "'params':[{'key':'lr','value':'0.1'}],'tags':[{'key':'mlflow.user','value':'ana'}]}}"));
        assertEquals("old-id", r.id(), "run_uuid when run_id is absent (old servers)");
        assertEquals(RunStatus.FAILED, r.info().status());
        assertEquals(5L, r.info().startTime());
        assertEquals(-1L, r.info().endTime());
        assertEquals("s3://b/1/old-id", r.info().artifactUri());
        assertEquals(3, r.latestMetrics().get("loss").step(), "the latest by step, not by position or timestamp");
        assertTrue(Double.isNaN(r.latestMetrics().get("loss").value()));
        assertEquals(Double.NEGATIVE_INFINITY, r.latestMetrics().get("auc").value());
        assertEquals("0.1", r.params().get("lr"));
        assertEquals("ana", r.tags().get("mlflow.user"));
    }

    @Test
    void numbersInEveryFormServersWrite() throws Exception {
        assertEquals(1_700_000_000_000L, MlflowJsonMapper.asLong(json("{'v':'1700000000000'}").get("v"), 0));
        assertEquals(7L, MlflowJsonMapper.asLong(json("{'v':7}").get("v"), 0));
        assertEquals(-1L, MlflowJsonMapper.asLong(json("{'v':''}").get("v"), -1));
        assertEquals(-1L, MlflowJsonMapper.asLong(json("{}").path("v"), -1));
        assertEquals(Double.POSITIVE_INFINITY, MlflowJsonMapper.asDouble(json("{'v':'Infinity'}").get("v")));
        assertEquals(Double.POSITIVE_INFINITY, MlflowJsonMapper.asDouble(json("{'v':Infinity}").get("v")));
        assertEquals(2.5, MlflowJsonMapper.asDouble(json("{'v':'2.5'}").get("v")));
        assertTrue(Double.isNaN(MlflowJsonMapper.asDouble(json("{'v':NaN}").get("v"))));
        assertEquals("expected an integer, got 'x1'",
                assertThrows(IllegalArgumentException.class, () -> MlflowJsonMapper.asLong(json("{'v':'x1'}").get("v"), 0)).getMessage());
        assertEquals("expected a number, got 'abc'",
                assertThrows(IllegalArgumentException.class, () -> MlflowJsonMapper.asDouble(json("{'v':'abc'}").get("v"))).getMessage());
    }

    @Test
    void artifactsAndPageTokens() throws Exception {
        ArtifactRef f = MlflowJsonMapper.artifact("r", json("{'path':'model/MLmodel','is_dir':false,'file_size':'120'}"));
        assertEquals(new ArtifactRef("r", "model/MLmodel", false, 120), f);
        ArtifactRef d = MlflowJsonMapper.artifact("r", json("{'path':'model','is_dir':true}"));
        assertEquals(new ArtifactRef("r", "model", true, -1), d);
        assertEquals("t2", MlflowJsonMapper.nextToken(json("{'next_page_token':'t2'}")));
        assertNull(MlflowJsonMapper.nextToken(json("{'next_page_token':''}")));
        assertNull(MlflowJsonMapper.nextToken(json("{}")));
    }

    @Test
    void historyPagesJoinIntoOneSeriesSortedByStepThenTimestamp() throws Exception {
        MlflowJsonMapper.History h = new MlflowJsonMapper.History();
        h.addPage(json("{'metrics':[{'key':'l','value':3,'timestamp':10,'step':2},{'key':'l','value':'NaN','timestamp':'20','step':'1'}]}"));
        h.addPage(json("{'metrics':[]}"));
        h.addPage(json("{'metrics':[{'key':'l','value':1,'timestamp':5,'step':1}]}"));
        MetricSeries s = h.build("r", "l");
        assertArrayEquals(new long[]{1, 1, 2}, s.steps());
        assertArrayEquals(new long[]{5, 20, 10}, s.timestamps());
        assertEquals(1.0, s.values()[0]);
        assertTrue(Double.isNaN(s.values()[1]));
        assertEquals(3.0, s.values()[2]);
        assertEquals(0, new MlflowJsonMapper.History().build("r", "l").size());
    }
}
