// Validates every object of the YAML files given (or of every .yaml file in a folder) with kubernetes-models:
// missing required fields and wrong shapes fail. Prints one line per object; exits 1 if any is invalid.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as gateway from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";

const models = {
  "v1/Namespace": core.Namespace,
  "v1/ConfigMap": core.ConfigMap,
  "v1/Secret": core.Secret,
  "autoscaling/v2/HorizontalPodAutoscaler": autoscaling.HorizontalPodAutoscaler,
  "v1/Service": core.Service,
  "v1/PersistentVolumeClaim": core.PersistentVolumeClaim,
  "apps/v1/Deployment": apps.Deployment,
  "apps/v1/StatefulSet": apps.StatefulSet,
  "policy/v1/PodDisruptionBudget": policy.PodDisruptionBudget,
  "gateway.networking.k8s.io/v1/HTTPRoute": gateway.HTTPRoute,
};

const files = process.argv.slice(2).flatMap((path) =>
  statSync(path).isDirectory() ? readdirSync(path).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(path, f)) : [path]);
let failed = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = document.toJS();
    if (!object) continue;
    const key = `${object.apiVersion}/${object.kind}`;
    const Model = models[key];
    try {
      if (!Model) throw new Error(`no model for ${key}`);
      new Model(object).validate();
      console.log(`ok ${file} ${key} ${object.metadata?.name}`);
    } catch (error) {
      failed++;
      console.log(`invalid ${file} ${key} ${object.metadata?.name}: ${error.message}`);
    }
  }
}
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
