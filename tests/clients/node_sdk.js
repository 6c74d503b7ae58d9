#!/usr/bin/env node
// Drives the official Huawei Cloud Node.js SDK core
// (@huaweicloud/huaweicloud-sdk-core) at a CCE-style service and prints what
// it throws for each error; with --expect, also checks it.
//
//     node node_sdk.js [--expect default|compat] BASE_URL
//
// The Node SDK has no CCE-specific error handling: every generated service
// client calls HcClient.sendRequest, which turns any failed axios request into
// an exception with ExceptionUtil.generalException. This script calls
// HcClient.sendRequest the way a generated client does (method, url template,
// path params, content type).
//
// Cases: 401 (an HcClient without credentials, so nothing is signed), 404 (an
// unknown cluster, signed with dummy AK/SK BasicCredentials), 400 with a detail
// (a create body whose metadata.name the service rejects). Each case sends a
// known X-Request-Id in the request's headers option.
//
// --expect MODE checks, for every case, the thrown exception's class (its
// constructor name, and instanceof ClientRequestException), name,
// httpStatusCode, errorCode, errorMsg, requestId (the id the case sent) and
// message, and on the wire the status, X-Request-Id, X-Openstack-Request-Id
// and the JSON body, against what the cce-errors example service answers with
// its default body (MODE default) or with CCE_ERRORS_COMPAT=1 (MODE compat).
// The SDK shows no detail in either mode. Each mismatch prints the expected
// and the actual value.
//
// Exit status 1 if a case got no exception at all or, with --expect, if any
// check failed.

'use strict';

const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
const { HcClient } = require('@huaweicloud/huaweicloud-sdk-core/HcClient');
const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
const { ClientRequestException } = require('@huaweicloud/huaweicloud-sdk-core/exception/ClientRequestException');
const util = require('node:util');

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
    status: 401,
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
    status: 404,
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
    status: 400,
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

// --- What the example service sends ---

const DETAIL = {
  401: 'the request has neither an Authorization nor an X-Auth-Token header',
  404: 'cluster does-not-exist does not exist in project p1',
  400:
    'metadata.name must be 1 to 56 lowercase letters, digits and hyphens, ' +
    'starting with a letter and not ending with a hyphen',
};
const CODE = {
  401: ['CCE.01401001', 'Authorization failed.'],
  404: ['CCE.01404001', 'Resource not found.'],
  400: ['CCE.01400001', 'Invalid request.'],
};

// The error body as JSON: the default keys, plus the compatibility keys.
function wireBody(mode, status) {
  const [code, message] = CODE[status];
  const body = { errorCode: code, errorMessage: message, message: DETAIL[status] };
  if (mode === 'compat') {
    body.error_code = code;
    body.error_msg = message;
  }
  return body;
}

// --- What the SDK shows: mode -> status -> [errorCode, errorMsg] ---
// The SDK reads only error_code/error_msg (or error.code/error.message): with
// the default body it has no code and axios's message; message is errorMsg.
// It is a ClientRequestException with requestId = X-Request-Id in both modes.
const EXPECT = {
  default: {
    401: [undefined, 'Request failed with status code 401'],
    404: [undefined, 'Request failed with status code 404'],
    400: [undefined, 'Request failed with status code 400'],
  },
  compat: {
    401: ['CCE.01401001', 'Authorization failed.'],
    404: ['CCE.01404001', 'Resource not found.'],
    400: ['CCE.01400001', 'Invalid request.'],
  },
};

const inline = (value) => util.inspect(value, { breakLength: Infinity });

// Counts checks and prints each mismatch (strict equality, types included).
const checks = {
  count: 0,
  failed: 0,
  eq(what, expected, actual) {
    this.count += 1;
    if (!util.isDeepStrictEqual(expected, actual)) {
      this.failed += 1;
      console.log(
        `  MISMATCH ${what}:\n    expected ${inline(expected)}\n    actual   ${inline(actual)}`,
      );
    }
  },
};

function checkCase(mode, c, requestId, err, response) {
  const [errorCode, errorMsg] = EXPECT[mode][c.status];
  const failed = checks.failed;
  if (err === undefined) {
    checks.eq('exception', 'ClientRequestException', undefined);
  } else {
    const isObject = err !== null && typeof err === 'object';
    const get = (key) => (isObject ? err[key] : undefined);
    checks.eq('exception class', 'ClientRequestException', isObject ? err.constructor.name : typeof err);
    checks.eq('instanceof ClientRequestException', true, err instanceof ClientRequestException);
    checks.eq('name', 'ClientRequestException', get('name'));
    checks.eq('httpStatusCode', c.status, get('httpStatusCode'));
    checks.eq('errorCode', errorCode, get('errorCode'));
    checks.eq('errorMsg', errorMsg, get('errorMsg'));
    checks.eq('requestId', requestId, get('requestId'));
    checks.eq('message', errorMsg, get('message'));
  }
  if (!response) {
    checks.eq('wire response', 'recorded', undefined);
  } else {
    checks.eq('wire status', c.status, response.status);
    checks.eq('wire X-Request-Id', requestId, response.headers['x-request-id']);
    checks.eq(
      'wire X-Openstack-Request-Id',
      mode === 'compat' ? requestId : undefined,
      response.headers['x-openstack-request-id'],
    );
    checks.eq('wire body', wireBody(mode, c.status), response.data);
  }
  if (checks.failed === failed) {
    console.log(`  checked:        ok (${mode})`);
  }
}

function usage() {
  console.error('usage: node_sdk.js [--expect default|compat] BASE_URL');
  process.exit(2);
}

function show(label, value) {
  console.log(`  ${(label + ':').padEnd(15)} ${JSON.stringify(value)}`);
}

async function main() {
  const args = process.argv.slice(2);
  let expect;
  if (args[0] === '--expect') {
    expect = args[1];
    args.splice(0, 2);
    if (expect !== 'default' && expect !== 'compat') usage();
  }
  if (args.length !== 1) usage();
  const base = args[0].replace(/\/+$/, '');
  let missing = 0;
  for (const c of CASES) {
    console.log(`[node-sdk] ${c.title}`);
    const requestId = `cce-clients-node-sdk-${c.status}`;
    const client = c.client(base);
    let thrown;
    try {
      const headers = { ...c.options.headers, 'X-Request-Id': requestId };
      const result = await client.sendRequest({ ...c.options, headers });
      missing += 1;
      console.log(`  NO EXCEPTION: ${JSON.stringify(result)}`);
    } catch (err) {
      thrown = err;
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
    if (expect) checkCase(expect, c, requestId, thrown, r);
    wire.last = undefined;
  }
  if (expect) {
    const verdict = checks.failed ? 'FAILED' : 'passed';
    console.log(
      `node_sdk.js --expect ${expect}: ${verdict}, ${checks.count - checks.failed}/${checks.count} checks`,
    );
  }
  process.exit(missing || checks.failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
