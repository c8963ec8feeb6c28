import { describe, expect, it } from "vitest";
import type { AisClient } from "./ais-client.js";
import { browseTable, buildBrowseBody } from "./data-service.js";

function grid(rows: Record<string, unknown>[], moreRecords: boolean, extra: Record<string, unknown> = {}) {
  return {
    fs_DATABROWSE_F0911Z1: {
      data: { gridData: { rowset: rows, summary: { records: rows.length, moreRecords } } },
    },
    ...extra,
  };
}

function stubAis(answers: unknown[]) {
  const requests: { path: string; body: unknown }[] = [];
  const ais: Pick<AisClient, "call"> = {
    call: async (_method, path, body) => {
      requests.push({ path, body });
      return answers.shift();
    },
  };
  return { ais, requests };
}

const browse = {
  table: "F0911Z1",
  columns: ["EDUS", "EDTN"],
  conditions: [{ column: "EDTN", operator: "LIST" as const, values: ["S1", "S2"] }],
};

describe("browseTable", () => {
  it("sends one BROWSE with a LIST condition and strips the table prefix from row keys", async () => {
    const { ais, requests } = stubAis([grid([{ F0911Z1_EDUS: "SHOPIFY   ", F0911Z1_EDTN: "S1" }], false)]);
    expect(await browseTable(ais, browse)).toEqual([{ EDUS: "SHOPIFY   ", EDTN: "S1" }]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toMatchObject({
      targetName: "F0911Z1",
      dataServiceType: "BROWSE",
      returnControlIDs: "F0911Z1.EDUS|F0911Z1.EDTN",
      query: {
        condition: [
          {
            controlId: "F0911Z1.EDTN",
            operator: "LIST",
            value: [
              { content: "S1", specialValueId: "LITERAL" },
              { content: "S2", specialValueId: "LITERAL" },
            ],
          },
        ],
      },
    });
  });

  it("follows the next-page link while moreRecords is set", async () => {
    const next = { links: [{ rel: "next", href: "http://ais:9300/jderest/v2/dataservice/next" }] };
    const { ais, requests } = stubAis([
      grid([{ F0911Z1_EDTN: "S1" }], true, next),
      grid([{ F0911Z1_EDTN: "S2" }], false),
    ]);
    expect(await browseTable(ais, browse)).toEqual([{ EDTN: "S1" }, { EDTN: "S2" }]);
    expect(requests.map((request) => request.path)).toEqual([
      "/jderest/v2/dataservice",
      "/jderest/v2/dataservice/next",
    ]);
  });

  it("asks once more without a page limit when there is no next link", async () => {
    const { ais, requests } = stubAis([
      grid([{ F0911Z1_EDTN: "S1" }], true),
      grid([{ F0911Z1_EDTN: "S1" }, { F0911Z1_EDTN: "S2" }], false),
    ]);
    expect(await browseTable(ais, browse)).toHaveLength(2);
    expect(requests[1]?.body).toMatchObject({ maxPageSize: "No Max" });
  });

  it("refuses an answer without the table's grid", async () => {
    const { ais } = stubAis([{ fs_DATABROWSE_F0911: {} }]);
    await expect(browseTable(ais, browse)).rejects.toMatchObject({ code: "MLC_AIS_RESPONSE_INVALID" });
  });

  it("builds MATCH_ALL conditions with table-qualified control ids", () => {
    expect(buildBrowseBody(browse).query).toMatchObject({ matchType: "MATCH_ALL" });
  });
});
