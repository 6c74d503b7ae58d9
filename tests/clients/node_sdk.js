#!/usr/bin/env node
// Drives the official Huawei Cloud Node.js SDK core
// (@huaweicloud/huaweicloud-sdk-core) at a CCE-style service and prints what
// it throws for each error.
//
//     node node_sdk.js BASE_URL
//
// The Node SDK has no CCE-specific error handling: every generated service
// client calls HcClient.sendRequest, which turns any failed axios request into
// an exception with ExceptionUtil.generalException. This script calls
// HcClient.sendRequest the way a generated client does (method, url template,
// path params, content type).
//
// Cases: 401 (an HcClient without credentials, so nothing is signed), 404 (an
// unknown cluster, signed with dummy AK/SK BasicCredentials), 400 with a detail
// (a create body whose metadata.name the service rejects).
//
// Exit status 1 only if a case got no exception at all.

'use strict';

const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
const { HcClient } = require('@huaweicloud/huaweicloud-sdk-core/HcClient');
const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

const PROJECT = 'p1';

// The SDK logs every failed request itself ("Some error found: ...") through
// log4js on stdout; quiet that so the output shows what the caller gets.
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

// The last error response, as axios handed it to the SDK (recorded by an
// interceptor added after the SDK's own, so it changes nothing).
const wire = { last: undefined };

function record(http) {
  http._logger = QUIET;
  http._axiosInstance.interceptors.response.use(
    (response) => response,
    (error) => {
      wire.last = error.response;
      return Promise.reject(error);
    },
  );
}

function signedClient(base) {
  const credential = new BasicCredentials()
    .withAk('DUMMYAK0000000000000')
    .withSk('dummy-sk-0000000000000000000000000000')
    .withProjectId(PROJECT);
  const hc = new ClientBuilder((hcClient) => hcClient)
    .withCredential(credential)
    .withEndpoint(base)
    .build();
  record(hc.httpClient);
  return hc;
}

function anonymousClient(base) {
  // ClientBuilder.build() insists on a credential; HcClient itself does not,
  // and sends the request unsigned when it has none.
  const http = new DefaultHttpClient({}, [base]);
  record(http);
  return new HcClient(http).withEndpoints([base]);
}

const CASES = [
  {
    title: '401 no credentials (ListClusters, unsigned)',
    client: anonymousClient,
    options: {
      method: 'GET',
      url: `/api/v3/projects/${PROJECT}/clusters`,
      contentType: 'application/json',
      pathParams: {},
      queryParams: {},
      headers: {},
    },
  },
  {
    title: '404 unknown cluster (ShowCluster)',
    client: signedClient,
    options: {
      method: 'GET',
      url: '/api/v3/projects/{project_id}/clusters/{cluster_id}',
      contentType: 'application/json',
      pathParams: { cluster_id: 'does-not-exist' },
      queryParams: {},
      headers: {},
    },
  },
  {
    title: '400 rejected body (CreateCluster, metadata.name=Bad_Name)',
    client: signedClient,
    options: {
      method: 'POST',
      url: '/api/v3/projects/{project_id}/clusters',
      contentType: 'application/json',
      pathParams: {},
      queryParams: {},
      headers: {},
      data: {
        kind: 'Cluster',
        apiVersion: 'v3',
        metadata: { name: 'Bad_Name' },
        spec: { flavor: 'cce.s1.small', hostNetwork: { vpc: 'vpc-0001', subnet: 'subnet-0001' } },
      },
    },
  },
];

function show(label, value) {
  console.log(`  ${(label + ':').padEnd(15)} ${JSON.stringify(value)}`);
}

async function main() {
  if (process.argv.length !== 3) {
    console.error('usage: node_sdk.js BASE_URL');
    process.exit(2);
  }
  const base = process.argv[2].replace(/\/+$/, '');
  let missing = 0;
  for (const c of CASES) {
    console.log(`[node-sdk] ${c.title}`);
    const client = c.client(base);
    try {
      const result = await client.sendRequest(c.options);
      missing += 1;
      console.log(`  NO EXCEPTION: ${JSON.stringify(result)}`);
    } catch (err) {
      show('thrown', err && err.constructor ? err.constructor.name : typeof err);
      if (err && typeof err === 'object') {
        for (const key of ['name', 'httpStatusCode', 'errorCode', 'errorMsg', 'requestId', 'message']) {
          show(key, err[key]);
        }
      }
      show('String(err)', String(err));
    }
    const r = wire.last;
    if (r) {
      console.log(
        `  wire:           ${r.status} content-type=${JSON.stringify(r.headers['content-type'])}` +
          ` x-request-id=${JSON.stringify(r.headers['x-request-id'])}` +
          ` x-openstack-request-id=${JSON.stringify(r.headers['x-openstack-request-id'])}` +
          ` data=${JSON.stringify(r.data)}`,
      );
    }
    wire.last = undefined;
  }
  process.exit(missing ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
