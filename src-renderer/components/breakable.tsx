import { Fragment } from 'react';

/**
 * An address or domain that may wrap only after its "@" and its dots (alice@ / customer. / example),
 * never inside a word: narrow tables then break "alice@customer.example" where a reader expects.
 */
export function Breakable(props: { text: string }) {
  const parts = props.text.split(/(?<=[@.])/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}
