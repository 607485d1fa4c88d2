import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDirectoryFile, parseDirectory } from '../../local/directory-file.js';
import { DirectoryUserLookup } from '../../local/aws/identity-center-directory.js';

const HOSTILE = (name: string): string => fileURLToPath(new URL(`../fixtures/hostile/${name}`, import.meta.url));

describe('parseDirectory', () => {
  it('reads the JSON printed by aws identitystore list-users', () => {
    // Prepare
    const json = JSON.stringify({
      Users: [
        { UserId: 'u-1', UserName: 'ada', DisplayName: 'Ada Example', IdentityStoreId: 'd-9a0b1c2d3e' },
        { UserId: 'u-2', UserName: 'bo' },
      ],
    });

    // Act
    const directory = parseDirectory(json, 'users.json');

    // Assess
    expect(directory.get('u-1')).toEqual({ userName: 'ada', displayName: 'Ada Example' });
    expect(directory.get('u-2')).toEqual({ userName: 'bo', displayName: 'bo' });
    expect(directory.has('u-3')).toBe(false);
  });

  it('reads a plain CSV with quoted names and a BOM', () => {
    // Prepare
    const csv = '\uFEFFid,user_name,display_name,email\r\nu-1,ada,"Example, Ada",ada@example.com\r\nu-2,bo,"Bo ""B"" Test",\r\n';

    // Act
    const directory = parseDirectory(csv, 'users.csv');

    // Assess
    expect(directory.get('u-1')).toEqual({ userName: 'ada', displayName: 'Example, Ada' });
    expect(directory.get('u-2')).toEqual({ userName: 'bo', displayName: 'Bo "B" Test' });
    expect(directory.size).toBe(2);
  });

  it('names the file and the problem for a wrong CSV header', () => {
    expect(() => parseDirectory('uid,name\nx,y\n', 'people.csv')).toThrow(
      /people\.csv: CSV header must be id,user_name,display_name,email \(missing id, user_name, display_name\)/,
    );
  });

  it('names the file of a CSV with an unterminated quote', () => {
    expect(() => parseDirectory('id,user_name,display_name\nu-1,ada,"Ada\n', 'users.csv')).toThrow('directory file users.csv: unterminated quote');
  });

  it('names the file for JSON that is not list-users output', () => {
    expect(() => parseDirectory('{"users": []}', 'x.json')).toThrow(/x\.json: expected the output of 'aws identitystore list-users'/);
    expect(() => parseDirectory('{"Users": [{"UserName": "a"}]}', 'x.json')).toThrow(/Users\[0\]\.UserId is missing/);
  });

  it('names the file for a top-level array and for a null user, instead of failing inside', () => {
    expect(() => parseDirectory('[{"UserId": "u-1"}]', 'x.json')).toThrow(/x\.json: expected the output of 'aws identitystore list-users' .*, got an array$/);
    expect(() => parseDirectory('{"Users": [null]}', 'x.json')).toThrow('directory file x.json: Users[0] is not a user object (null)');
    expect(() => parseDirectory('{"Users": [{"UserId": "u-1"}, "u-2"]}', 'x.json')).toThrow('Users[1] is not a user object (string)');
  });

  it('keeps the quotes inside an unquoted name', () => {
    // Act
    const directory = parseDirectory('id,user_name,display_name\nu-1,ana,Ana "The Hammer" Example\nu-2,bo,"Bo ""B"" Example"\n', 'users.csv');

    // Assess
    expect(directory.get('u-1')?.displayName).toBe('Ana "The Hammer" Example');
    expect(directory.get('u-2')?.displayName).toBe('Bo "B" Example');
  });
});

describe('loadDirectoryFile over the hostile corpus', () => {
  it.each([
    ['directory-latin1.csv', /directory file .*directory-latin1\.csv: line 3 is not UTF-8 text; save the file as UTF-8$/],
    ['directory-utf16.csv', /directory file .*directory-utf16\.csv: is UTF-16 text; save it as UTF-8$/],
    ['directory-users-null.json', /directory-users-null\.json: Users\[0\] is not a user object \(null\)$/],
    ['directory-array.json', /directory-array\.json: expected the output of 'aws identitystore list-users' .*got an array$/],
  ])('refuses %s naming the file and what is wrong', async (file, message) => {
    // Act + Assess
    await expect(loadDirectoryFile(HOSTILE(file))).rejects.toThrow(message);
  });

  it('reads the quotes of directory-quotes.csv as written', async () => {
    // Act
    const directory = await loadDirectoryFile(HOSTILE('directory-quotes.csv'));

    // Assess
    expect([...directory.values()].map((entry) => entry.displayName)).toEqual(['Ana "The Hammer" Example', 'Bo "B" Example']);
  });

  it('says a folder is not a directory file', async () => {
    // Act + Assess
    await expect(loadDirectoryFile(HOSTILE('out-damaged'))).rejects.toThrow(/out-damaged: cannot be read \(it is a folder\)/);
  });
});

describe('parseDirectory with groups and enterprise attributes (issue 13)', () => {
  /** What `aws identitystore list-users --extensions aws:identitystore:enterprise`, `list-groups` and `list-group-memberships` print, in one object. */
  const EXPORT = {
    Users: [
      { UserId: 'u-1', UserName: 'ada', DisplayName: 'Ada Example', Extensions: { 'aws:identitystore:enterprise': { department: 'Platform', costCenter: 'CC-7', manager: { value: 'u-2' } } } },
      { UserId: 'u-2', UserName: 'bo', DisplayName: 'Bo Example' },
    ],
    Groups: [
      { GroupId: 'g-1', DisplayName: 'kiro-pro', IdentityStoreId: 'd-9a0b1c2d3e' },
      { GroupId: 'g-2', DisplayName: 'Data' },
    ],
    GroupMemberships: [
      { IdentityStoreId: 'd-9a0b1c2d3e', MembershipId: 'm-1', GroupId: 'g-1', MemberId: { UserId: 'u-1' } },
      { MembershipId: 'm-2', GroupId: 'g-1', MemberId: { UserId: 'u-3' } },
      { MembershipId: 'm-3', GroupId: 'g-2', MemberId: { UserId: 'u-2' } },
    ],
  };

  it('reads the enterprise attributes of the users and each group with its members', async () => {
    // Act
    const directory = parseDirectory(JSON.stringify(EXPORT), 'export.json');
    const lookup = new DirectoryUserLookup(directory);

    // Assess
    expect(directory.get('u-1')).toEqual({ userName: 'ada', displayName: 'Ada Example', enterprise: { department: 'Platform', costCenter: 'CC-7' } });
    expect(directory.get('u-2')).toEqual({ userName: 'bo', displayName: 'Bo Example' });
    expect(await lookup.groupId('kiro-pro')).toBe('g-1');
    expect(await lookup.members('g-1')).toEqual({ userIds: ['u-1', 'u-3'] });
    expect(await lookup.groupId('Platform')).toBeNull();
    expect(await lookup.members('g-gone')).toBeNull();
    expect(lookup.groupCalls).toBe(4);
  });

  it('has no groups without Groups in the file (list-users alone, or a CSV)', async () => {
    // Act
    const directory = parseDirectory(JSON.stringify({ Users: EXPORT.Users }), 'users.json');

    // Assess
    expect(directory.groups).toBeUndefined();
    expect(await new DirectoryUserLookup(directory).groupId('kiro-pro')).toBeNull();
  });

  it.each([
    ['Groups that is no list', { Groups: {} }, 'export.json: Groups is not a list'],
    ['a group without an id', { Groups: [{ DisplayName: 'x' }] }, 'export.json: Groups[0].GroupId is missing'],
    ['a group without a name', { Groups: [{ GroupId: 'g-1' }] }, 'export.json: Groups[0].DisplayName is missing'],
    ['a membership of no listed group', { Groups: [], GroupMemberships: [{ GroupId: 'g-9', MemberId: { UserId: 'u-1' } }] }, 'export.json: GroupMemberships[0].GroupId names no group of Groups'],
    ['a membership without a user', { Groups: [{ GroupId: 'g-1', DisplayName: 'x' }], GroupMemberships: [{ GroupId: 'g-1', MemberId: {} }] }, 'export.json: GroupMemberships[0].MemberId.UserId is missing'],
    ['a membership that is no object', { Groups: [], GroupMemberships: [null] }, 'export.json: GroupMemberships[0] is not an object (null)'],
  ])('names the file and the entry for %s', (_case, extra, expected) => {
    // Act + Assess
    expect(() => parseDirectory(JSON.stringify({ Users: [], ...extra }), 'export.json')).toThrow(expected);
  });
});

