import { describe, expect, it } from 'vitest';
import { parseDirectory } from '../../local/directory-file.js';

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
});
