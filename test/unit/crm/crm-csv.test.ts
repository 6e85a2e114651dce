import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors.js';
import { parseCsv } from '../../../src-main/crm/csv-reader.js';
import { readCrmTables } from '../../../src-main/crm/crm-csv-rows.js';

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, commas and line breaks in fields, CRLF and a BOM, keeping start lines', () => {
    const result = parseCsv('\uFEFFid,name\r\n1,"Acme, Inc."\r\n2,"Say ""hi""\nsecond line"\r\n\r\n3,Plain\r\n');
    expect(result).toEqual({
      ok: true,
      header: ['id', 'name'],
      records: [
        { line: 2, fields: ['1', 'Acme, Inc.'] },
        { line: 3, fields: ['2', 'Say "hi"\nsecond line'] },
        { line: 6, fields: ['3', 'Plain'] },
      ],
    });
  });

  it('reports an unclosed quote with the line it opened on', () => {
    expect(parseCsv('id,name\n1,"never closed\n2,x\n')).toEqual({ ok: false, line: 2, message: 'a quoted field is never closed' });
  });
});

describe('readCrmTables', () => {
  it('reads the canonical columns', () => {
    const { snapshot, rejected } = readCrmTables({
      accounts: { fileName: 'accounts.csv', text: 'id,name,domains\nA-1,Acme,acme.example;acme.de\n' },
      contacts: { fileName: 'contacts.csv', text: 'id,email,account_id,name\nC-1,Ann@Acme.example,A-1,Ann\n' },
      opportunities: { fileName: 'opportunities.csv', text: 'id,account_id,owner_user_id,stage,is_closed,created_at,close_date,amount\nO-1,A-1,U-1,Won,true,2025-01-02T03:04:05Z,2025-03-31,"12,500"\n' },
      users: { fileName: 'users.csv', text: 'id,email,name,signed_up_at,opted_in\nU-1,me@ourco.example,Me,,yes\n' },
    });
    expect(rejected).toEqual([]);
    expect(snapshot.accounts).toEqual([{ id: 'A-1', name: 'Acme', domains: ['acme.example', 'acme.de'] }]);
    expect(snapshot.contacts).toEqual([{ id: 'C-1', email: 'ann@acme.example', accountId: 'A-1', name: 'Ann' }]);
    expect(snapshot.opportunities[0]).toMatchObject({ isClosed: true, createdAt: '2025-01-02T03:04:05.000Z', closeDate: '2025-03-31', amount: 12500 });
    expect(snapshot.users).toEqual([{ id: 'U-1', email: 'me@ourco.example', name: 'Me', signedUpAt: null, optedIn: true }]);
  });

  it('recognises Salesforce and HubSpot export columns (Website URLs, first and last names)', () => {
    const salesforce = readCrmTables({
      accounts: { fileName: 'Account.csv', text: 'Id,Name,Website\n001A,Globex,https://www.globex.co.uk/en\n' },
      contacts: { fileName: 'Contact.csv', text: 'Id,AccountId,FirstName,LastName,Email\n003A,001A,Oliver,Grant,oliver@globex.co.uk\n' },
      leads: { fileName: 'Lead.csv', text: 'Id,FirstName,LastName,Company,Email\n00QA,Kim,Lee,Fourth Coffee,kim@fourthcoffee.example\n' },
      opportunities: { fileName: 'Opportunity.csv', text: 'Id,AccountId,OwnerId,StageName,IsClosed,CreatedDate,CloseDate,Amount\n006A,001A,005A,Prospecting,false,2025-02-01T10:00:00.000+0000,2025-05-01,\n' },
    });
    expect(salesforce.rejected).toEqual([]);
    expect(salesforce.snapshot.accounts[0]?.domains).toEqual(['globex.co.uk']);
    expect(salesforce.snapshot.contacts[0]).toEqual({ id: '003A', email: 'oliver@globex.co.uk', accountId: '001A', name: 'Oliver Grant' });
    expect(salesforce.snapshot.leads[0]?.company).toBe('Fourth Coffee');
    expect(salesforce.snapshot.opportunities[0]).toMatchObject({ ownerUserId: '005A', isClosed: false, amount: null });

    const hubspot = readCrmTables({
      accounts: { fileName: 'companies.csv', text: 'Record ID,Company name,Company Domain Name\n9001,Initech,initech.example\n' },
      contacts: { fileName: 'contacts.csv', text: 'Record ID,First Name,Last Name,Email,Associated Company ID\n501,Peter,Gibbons,peter@initech.example,9001\n' },
    });
    expect(hubspot.snapshot.accounts).toEqual([{ id: '9001', name: 'Initech', domains: ['initech.example'] }]);
    expect(hubspot.snapshot.contacts[0]).toMatchObject({ id: '501', accountId: '9001', name: 'Peter Gibbons' });
  });

  it('takes other column names from a mapping', () => {
    const { snapshot } = readCrmTables({ contacts: { fileName: 'contacts.csv', text: 'Key,Work mail\nC-9,x@y.example\n' } }, { contacts: { id: 'Key', email: 'Work mail' } });
    expect(snapshot.contacts[0]).toMatchObject({ id: 'C-9', email: 'x@y.example' });
  });

  it('rejects bad rows with file, line and reason, and keeps the rest', () => {
    const text = 'id,email,account_id,name\nC-1,ok@acme.example,A-1,Ok\nC-2,"not an\naddress",A-1,Bad\n,x@acme.example,A-1,No id\nC-1,dup@acme.example,A-1,Dup\nC-3,fine@acme.example,,Fine\n';
    const { snapshot, rejected } = readCrmTables({ contacts: { fileName: 'contacts.csv', text } });
    expect(snapshot.contacts.map((c) => c.id)).toEqual(['C-1', 'C-3']);
    expect(rejected).toEqual([
      { file: 'contacts.csv', line: 3, reason: 'email is not a valid address' },
      { file: 'contacts.csv', line: 5, reason: 'id is empty' },
      { file: 'contacts.csv', line: 6, reason: 'duplicate id C-1 (first on line 2)' },
    ]);
  });

  it('fails the whole file when a required column is missing, naming file and line', () => {
    const run = () => readCrmTables({ contacts: { fileName: 'crm/contacts.csv', text: 'id,name\nC-1,Ann\n' } });
    expect(run).toThrow(AppError);
    expect(run).toThrow(/^crm\/contacts\.csv:1: no email column/);
  });
});

describe('readCrmFiles (files by name, from a folder or an upload)', () => {
  const contacts = { fileName: 'contacts.csv', text: 'id,email,account_id,name\nC1,a@customer.example,,A\n' };
  it('refuses a second file for one table and a second columns.json by name', async () => {
    const { readCrmFiles } = await import('../../../src-main/crm/read-crm-files.js');
    expect(() => readCrmFiles([contacts, { ...contacts, fileName: 'Contact.csv' }], 'upload')).toThrow(/Contact\.csv: a second file for contacts \(contacts\.csv\)/);
    expect(() => readCrmFiles([contacts, { fileName: 'columns.json', text: '{}' }, { fileName: 'Columns.json', text: '{}' }], 'upload')).toThrow(/Columns\.json: a second columns\.json/);
    expect(readCrmFiles([contacts], 'upload').snapshot.contacts).toHaveLength(1);
  });
});
