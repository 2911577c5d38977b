// Validates every object of the YAML files given (or of every .yaml file in a folder) with kubernetes-models:
// missing required fields and wrong shapes fail. Prints one line per object; exits 1 if any is invalid.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as rbac from "kubernetes-models/rbac.authorization.k8s.io/v1";
import * as gateway from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";

const models = {
  "v1/Namespace": core.Namespace,
  "v1/ConfigMap": core.ConfigMap,
  "v1/Secret": core.Secret,
  "v1/ServiceAccount": core.ServiceAccount,
  "rbac.authorization.k8s.io/v1/Role": rbac.Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": rbac.RoleBinding,
  "autoscaling/v2/HorizontalPodAutoscaler": autoscaling.HorizontalPodAutoscaler,
  "v1/Service": core.Service,
  "v1/PersistentVolumeClaim": core.PersistentVolumeClaim,
  "apps/v1/Deployment": apps.Deployment,
  "apps/v1/StatefulSet": apps.StatefulSet,
  "batch/v1/CronJob": batch.CronJob,
  "policy/v1/PodDisruptionBudget": policy.PodDisruptionBudget,
  "gateway.networking.k8s.io/v1/HTTPRoute": gateway.HTTPRoute,
};

// Operators' custom resources have no published model here: their shape is checked against the fields Gantry
// writes and the operators' documented types for them (CloudNativePG Cluster, RabbitMQ RabbitmqCluster).
const need = (object, path, type) => {
  const value = path.split(".").reduce((v, k) => (v == null ? undefined : v[k]), object);
  if (typeof value !== type || (type === "string" && value.length === 0)) throw new Error(`${path} must be a ${type}, got ${JSON.stringify(value)}`);
};
const shapes = {
  "postgresql.cnpg.io/v1/Cluster": (o) => {
    need(o, "metadata.name", "string"); need(o, "metadata.namespace", "string"); need(o, "spec.instances", "number");
    need(o, "spec.imageName", "string"); need(o, "spec.storage.size", "string");
    need(o, "spec.bootstrap.initdb.database", "string"); need(o, "spec.bootstrap.initdb.owner", "string"); need(o, "spec.bootstrap.initdb.secret.name", "string");
  },
  "rabbitmq.com/v1beta1/RabbitmqCluster": (o) => {
    need(o, "metadata.name", "string"); need(o, "metadata.namespace", "string"); need(o, "spec.replicas", "number");
    need(o, "spec.image", "string"); need(o, "spec.persistence.storage", "string");
  },
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
      if (shapes[key]) shapes[key](object);
      else if (!Model) throw new Error(`no model for ${key}`);
      else new Model(object).validate();
      console.log(`ok ${file} ${key} ${object.metadata?.name}`);
    } catch (error) {
      failed++;
      console.log(`invalid ${file} ${key} ${object.metadata?.name}: ${error.message}`);
    }
  }
}
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
