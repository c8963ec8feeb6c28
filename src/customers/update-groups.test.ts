import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CUSTOMER_FIELD_GROUPS, type CustomerFieldGroup } from "./customer-settings.js";
import { groupsToUpdate, updateList } from "./update-groups.js";

const hashes = { name: "n1", address: "a1", email: "e1", phone: "p1" };

describe("groupsToUpdate", () => {
  it("sends every owned group when nothing was sent before (an adopted record, or after a redact)", () => {
    expect(groupsToUpdate({ ownedFields: ["phone", "name"], previous: null, current: hashes })).toEqual([
      "name",
      "phone",
    ]);
  });

  it("sends nothing when no owned group changed", () => {
    expect(
      groupsToUpdate({ ownedFields: CUSTOMER_FIELD_GROUPS, previous: hashes, current: { ...hashes } }),
    ).toEqual([]);
  });

  it("sends only the owned groups that changed", () => {
    const current = { ...hashes, address: "a2", email: "e2" };
    expect(groupsToUpdate({ ownedFields: CUSTOMER_FIELD_GROUPS, previous: hashes, current })).toEqual([
      "address",
      "email",
    ]);
    expect(groupsToUpdate({ ownedFields: ["name", "email"], previous: hashes, current })).toEqual(["email"]);
  });

  it("sends a group that became owned since the last sync", () => {
    const { phone: _phone, ...previous } = hashes;
    expect(groupsToUpdate({ ownedFields: CUSTOMER_FIELD_GROUPS, previous, current: hashes })).toEqual([
      "phone",
    ]);
  });

  it("never sends a group that is not owned", () => {
    const group = fc.constantFrom(...CUSTOMER_FIELD_GROUPS);
    fc.assert(
      fc.property(fc.subarray([...CUSTOMER_FIELD_GROUPS]), fc.uniqueArray(group), (owned, changed) => {
        const current = { ...hashes };
        for (const one of changed) current[one] = `${current[one]}-changed`;
        const sent = groupsToUpdate({ ownedFields: owned, previous: hashes, current });
        expect(sent).toEqual(CUSTOMER_FIELD_GROUPS.filter((g) => owned.includes(g) && changed.includes(g)));
      }),
    );
  });
});

describe("updateList", () => {
  it.each([
    [["name", "address", "email", "phone"], false, "ALPH,MLNM,ADD,EMAL,PH"],
    [["phone", "name"], false, "ALPH,MLNM,PH"],
    [["email"], true, "EMAL,ALKY"],
    [[], true, "ALKY"],
    [[], false, ""],
  ] as [CustomerFieldGroup[], boolean, string][])(
    "names %j (cross-reference %s) as %j",
    (groups, crossReference, expected) => {
      expect(updateList({ groups, crossReference })).toBe(expected);
    },
  );
});
